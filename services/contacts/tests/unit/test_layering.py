"""Domain code stays free of transports and persistence (docs/architecture.md, layout of a
service)."""

import ast
from pathlib import Path

import crm_contacts.domain

FORBIDDEN = ("flask", "sqlalchemy", "grpc", "pika", "crm.", "pydantic", "google.protobuf")


def test_domain_imports_no_framework():
    root = Path(crm_contacts.domain.__file__).parent
    offenders = []
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
