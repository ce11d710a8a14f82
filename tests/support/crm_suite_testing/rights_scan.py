"""The scan behind the caller-rights matrix (tests/e2e/test_caller_rights_matrix.py): which
other service's RPCs each service's code uses, and whether a proof named by path exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path


def rpcs(root: Path) -> dict[str, set[str]]:
    """Each service's RPC names, read from its protos (``rpc Name(``)."""
    found: dict[str, set[str]] = {}
    for proto in (root / "protos" / "crm").glob("*/v1/*.proto"):
        names = re.findall(r"^\s*rpc\s+(\w+)\s*\(", proto.read_text(), re.MULTILINE)
        found.setdefault(proto.parent.parent.name, set()).update(names)
    return found


def calls_in_code(root: Path) -> set[tuple[str, str, str]]:
    """(caller, called, RPC) for every other service's RPC a service's code names as a
    string or calls as a stub method (its own API, tests and migrations aside)."""
    known, found = rpcs(root), set()
    for package in sorted((root / "services").glob("*/crm_*")):
        caller = package.parent.name
        for path in package.rglob("*.py"):
            if {"grpc_api", "migrations", "tests"} & set(path.parts):
                continue
            text = path.read_text()
            for called, names in known.items():
                if called == caller:
                    continue
                for name in names - known.get(caller, set()):
                    if re.search(rf"[\"'.]{name}\b", text):
                        found.add((caller, called, name))
    return found


def proof_exists(root: Path, node: str) -> bool:
    """Whether ``path::test[id]`` (path from ``root``) names a test function there and, with
    an id, one of its parametrised ids: the module is imported by path (so a proof renamed
    or deleted fails the matrix), the function looked up by name."""
    path, _, name = node.partition("::")
    name, _, param = name.partition("[")
    file = root / path
    spec = importlib.util.spec_from_file_location(f"_proof_{abs(hash(path))}", file)
    if not file.is_file() or spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    test = getattr(module, name, None)
    if not (name.startswith("test") and callable(test)):
        return False
    if not param:
        return True
    ids = {
        str(value)
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "parametrize"
        for value in mark.args[1]
    }
    return param.rstrip("]") in ids
