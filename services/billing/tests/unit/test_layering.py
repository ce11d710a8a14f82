"""The layers import downwards only (docs/adding-a-service.md): domain code imports no
framework, generated code or outer layer; use cases import no transport."""

import ast
from pathlib import Path

import crm_billing

ROOT = Path(crm_billing.__file__).parent
FRAMEWORKS = ("flask", "sqlalchemy", "grpc", "pika", "crm.", "crm_chassis.db", "reportlab")
OUTER = ("crm_billing.api", "crm_billing.grpc_api", "crm_billing.events", "crm_billing.entrypoints")


def _typing_only(tree: ast.Module) -> set[ast.AST]:
    """Imports under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    return {
        inner
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }


def _imports(package: str) -> list[tuple[str, str]]:
    found = []
    for path in (ROOT / package).glob("*.py"):
        tree = ast.parse(path.read_text())
        skip = _typing_only(tree)
        for node in ast.walk(tree):
            if node in skip:
                continue
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                found.append((path.name, node.module or ""))
    return found


def test_domain_imports_no_frameworks():
    for name, module in _imports("domain"):
        assert not module.startswith(FRAMEWORKS), f"{name} imports {module}"
        assert not module.startswith(("crm_billing.adapters", "crm_billing.service", *OUTER)), (
            f"{name} imports {module}"
        )


def test_use_cases_import_no_transport_nor_outer_layer():
    for name, module in _imports("service"):
        assert not module.startswith(("flask", "grpc", "pika", "crm.", *OUTER)), (
            f"{name} imports {module}"
        )
        if name not in ("queries.py", "access.py"):  # reads build SQL; access adds scope
            assert not module.startswith("sqlalchemy"), f"{name} imports {module}"
