"""Output of every command: a small table for people, or JSON with ``--json``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click


def emit_json(doc: Any) -> None:
    """Print ``doc`` as indented JSON (datetimes and UUIDs as strings)."""
    click.echo(json.dumps(doc, indent=2, default=str))


def emit_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as a left-aligned table with a header line."""
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)))
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def wants_json(ctx: click.Context) -> bool:
    """True when ``--json`` was given to crmctl itself or to the command."""
    root = ctx.find_root()
    return bool((root.obj or {}).get("json")) or bool(ctx.params.get("as_json"))
