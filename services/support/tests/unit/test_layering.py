"""The layers of docs/adding-a-service.md hold inside crm_support.

Layers import downwards only (entrypoints > api | grpc_api | events.incoming > bootstrap >
events.outgoing > service > adapters > domain; the three of one layer not each other), the
domain imports no framework, driver or generated code, and the service layer no transport.
The root pyproject's import-linter contracts say the same for the services listed there;
this test holds from the day the service is made.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import crm_support

PACKAGE = "crm_support"
ROOT = Path(crm_support.__file__).parent
# Highest first; names in one tuple are one layer of independent siblings.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("entrypoints",),
    ("api", "grpc_api", "events.incoming"),
    ("bootstrap",),
    ("events.outgoing",),
    ("service",),
    ("adapters",),
    ("domain",),
)
FORBIDDEN = {
    "domain": ("flask", "werkzeug", "grpc", "pika", "sqlalchemy", "google", "crm"),
    "service": ("flask", "werkzeug", "grpc", "pika", "google", "crm"),
}


def _layer(module: str) -> tuple[int, str] | None:
    """(rank, layer name) of a module of the package, by its dotted path inside it."""
    for rank, names in enumerate(LAYERS):
        for name in names:
            if module == name or module.startswith(name + "."):
                return rank, name
    return None


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.relative_to(ROOT).parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(p for p in parts if p != "__init__"), path


def _is(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_layers_import_downwards_only():
    offenders = []
    for module, path in _modules():
        mine = _layer(module)
        if mine is None:
            continue
        for name in _imports(path):
            if not _is(name, PACKAGE) or name == PACKAGE:
                continue
            theirs = _layer(name[len(PACKAGE) + 1 :])
            if theirs is None:
                continue
            if theirs[0] < mine[0] or (theirs[0] == mine[0] and theirs[1] != mine[1]):
                offenders.append(f"{module} ({mine[1]}) imports {name} ({theirs[1]})")
    assert offenders == []


def test_domain_and_service_import_no_framework_driver_or_generated_code():
    offenders = []
    for module, path in _modules():
        layer = _layer(module)
        forbidden = FORBIDDEN.get(layer[1], ()) if layer else ()
        for name in _imports(path):
            offenders += [f"{module}: {name}" for f in forbidden if _is(name, f)]
    assert offenders == []
