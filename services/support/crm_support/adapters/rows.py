"""Mapping between table rows and domain objects: columns are named after the fields."""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa


def values(obj: Any, table: sa.Table, **override: Any) -> dict[str, Any]:
    """Column values for ``obj``: every column whose name is an attribute of it."""
    out = {c.name: getattr(obj, c.name) for c in table.columns if hasattr(obj, c.name)}
    out.update(override)
    return out


def build(cls: type, row: Any) -> Any:
    """A domain object from a row (columns the dataclass does not name are ignored)."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    skip = {"events", "history"}
    return cls(**{n: mapping[n] for n in names - skip if n in mapping})
