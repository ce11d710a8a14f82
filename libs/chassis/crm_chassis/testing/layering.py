"""The layers of docs/adding-a-service.md, checked on one service package by its own tests.

The root pyproject's import-linter contracts hold the same rules for every service listed
there; a service's own test holds them from the day the service is made (before anyone
lists it), and in a rendered template. Checks read source files; nothing is imported.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

#: Highest first; names in one tuple are one layer of independent siblings.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("entrypoints",),
    ("api", "grpc_api", "events.incoming"),
    ("bootstrap",),
    ("events.outgoing",),
    ("service",),
    ("adapters",),
    ("domain",),
)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": ("flask", "werkzeug", "grpc", "pika", "sqlalchemy", "google", "crm"),
    "service": ("flask", "werkzeug", "grpc", "pika", "google", "crm"),
}


def _is(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _layer(module: str) -> tuple[int, str] | None:
    """(rank, layer name) of a module of the package, by its dotted path inside it."""
    for rank, names in enumerate(LAYERS):
        for name in names:
            if _is(module, name):
                return rank, name
    return None


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _modules(package: str) -> Iterator[tuple[str, Path]]:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(package)
    root = Path(spec.origin).parent
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        parts = path.relative_to(root).with_suffix("").parts
        yield ".".join(p for p in parts if p != "__init__"), path


def upward_imports(package: str) -> list[str]:
    """Imports of a higher layer (or a sibling of the same layer) inside ``package``."""
    offenders = []
    for module, path in _modules(package):
        mine = _layer(module)
        if mine is None:
            continue
        for name in _imports(path):
            if not _is(name, package) or name == package:
                continue
            theirs = _layer(name[len(package) + 1 :])
            if theirs is None:
                continue
            if theirs[0] < mine[0] or (theirs[0] == mine[0] and theirs[1] != mine[1]):
                offenders.append(f"{module} ({mine[1]}) imports {name} ({theirs[1]})")
    return offenders


def forbidden_imports(package: str) -> list[str]:
    """Frameworks, drivers or generated code imported by ``package``'s domain or service."""
    offenders = []
    for module, path in _modules(package):
        layer = _layer(module)
        forbidden = FORBIDDEN.get(layer[1], ()) if layer else ()
        for name in _imports(path):
            offenders += [f"{module}: {name}" for f in forbidden if _is(name, f)]
    return offenders
