"""Regenerate the Python stubs of every .proto under protos/crm with grpcio-tools.

Usage: ``python protos/generate.py [TARGET_DIR]`` (default: ``protos/gen/python``).

Writes ``*_pb2.py``, ``*_pb2.pyi`` and ``*_pb2_grpc.py`` under ``TARGET/crm/<service>/v1/``
plus a ``py.typed`` marker in each of those directories. ``crm`` and ``crm/<service>`` stay
implicit namespace packages (no ``__init__.py``), so one ``crm`` can span distributions.
Stale generated files in the target are removed first, so a deleted .proto leaves nothing
behind. The committed stubs must equal a fresh run (protos/tests checks it).
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

PROTOS = Path(__file__).resolve().parent
SOURCE_ROOT = PROTOS
PACKAGE_ROOT = "crm"
DEFAULT_TARGET = PROTOS / "gen" / "python"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")
MARKER = "py.typed"


def proto_files(root: Path = SOURCE_ROOT) -> list[Path]:
    """Return the .proto files under ``root/crm``, relative to ``root``, sorted."""
    return sorted(p.relative_to(root) for p in (root / PACKAGE_ROOT).rglob("*.proto"))


def _remove_stale(target: Path) -> None:
    package = target / PACKAGE_ROOT
    if not package.is_dir():
        return
    for path in package.rglob("*"):
        if path.is_file() and (path.name.endswith(GENERATED_SUFFIXES) or path.name == MARKER):
            path.unlink()
    # Deepest first, so emptied parents go too.
    for path in sorted(package.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate(target: Path = DEFAULT_TARGET, source: Path = SOURCE_ROOT) -> list[Path]:
    """Generate stubs for every proto under ``source`` into ``target``; return files written."""
    target = target.resolve()
    target.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    files = proto_files(source)
    if not files:
        raise SystemExit(f"no .proto files under {source / PACKAGE_ROOT}")
    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "grpc_tools.protoc",
        f"--proto_path={source}",
        f"--proto_path={well_known}",
        f"--python_out={target}",
        f"--pyi_out={target}",
        f"--grpc_python_out={target}",
        *(str(f) for f in files),
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed (see the messages above)")
    for directory in sorted({(target / f).parent for f in files}):
        (directory / MARKER).write_text("")
    return sorted(p for p in (target / PACKAGE_ROOT).rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", type=Path, default=DEFAULT_TARGET)
    args = parser.parse_args(argv)
    written = generate(args.target)
    print(f"generated {len(written)} files under {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
