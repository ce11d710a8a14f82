"""Domain code imports no Flask, SQLAlchemy, gRPC, pika or generated protos."""

import ast
from pathlib import Path

import crm_billing.domain

FORBIDDEN = ("flask", "sqlalchemy", "grpc", "pika", "crm.", "crm_chassis.db", "reportlab")


def test_domain_imports_no_frameworks():
    root = Path(crm_billing.domain.__file__).parent
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
