"""Domain code imports no Flask, gRPC, pika, SQLAlchemy or generated protos."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "crm_sales" / "domain"
FORBIDDEN = (
    "flask",
    "grpc",
    "pika",
    "sqlalchemy",
    "crm.",
    "crm_sales.adapters",
    "crm_sales.api",
    "crm_sales.service",
)


def test_domain_modules_import_nothing_of_the_outside() -> None:
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
