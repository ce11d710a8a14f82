"""Render deploy/k8s/base (and the production overlay's operators component) from one table.

    .venv/bin/python deploy/k8s/generate.py          # rewrite base/*.yaml, operators/*.yaml
    .venv/bin/python deploy/k8s/generate.py --check  # exit 1 if a committed file differs

The output is plain kustomize YAML (committed); edit the generator (generator/, the table in
generator/table.py), not the output. tests/deploy checks the output against the code (console
scripts, config defaults, chassis health routes, gateway/dynamic) and that it equals what this
renders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The generator package sits beside this script; tests/deploy loads the script by its path,
# so the directory is not on sys.path by itself then.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generator import SERVICES, render  # noqa: E402

__all__ = ["SERVICES", "main", "render"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file differs")
    args = parser.parse_args(argv)
    files = render()
    stale = [
        n for n, text in files.items() if not (HERE / n).is_file() or (HERE / n).read_text() != text
    ]
    if args.check:
        for name in stale:
            print(f"deploy/k8s/{name} differs from the generator's output", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (HERE / name).parent.mkdir(parents=True, exist_ok=True)
        (HERE / name).write_text(files[name])
        print(f"wrote deploy/k8s/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
