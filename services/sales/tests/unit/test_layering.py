"""Layers import downwards only: domain imports nothing of the outside, service no transport."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "crm_sales"
TRANSPORTS = ("flask", "grpc", "pika", "crm.")
DOMAIN_FORBIDDEN = (
    *TRANSPORTS,
    "sqlalchemy",
    "crm_sales.adapters",
    "crm_sales.api",
    "crm_sales.service",
)
SERVICE_FORBIDDEN = (
    *TRANSPORTS,
    "crm_sales.api",
    "crm_sales.grpc_api",
    "crm_sales.events",
    "crm_sales.entrypoints",
)


def _imports(layer: str) -> Iterator[tuple[str, str]]:
    for path in (PACKAGE / layer).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                yield from ((path.name, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path.name, node.module


def test_domain_modules_import_nothing_of_the_outside() -> None:
    for module, name in _imports("domain"):
        assert not name.startswith(DOMAIN_FORBIDDEN), f"{module} imports {name}"


def test_use_cases_import_no_transport_and_nothing_above_them() -> None:
    for module, name in _imports("service"):
        assert not name.startswith(SERVICE_FORBIDDEN), f"{module} imports {name}"
