"""Mapping between table rows and domain objects, driven by the dataclass field types.

Columns are named after the domain fields; only three shapes need converting: Decimal
(stored as a decimal string), Address (JSON) and tuples (JSON lists).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from typing import Any

import sqlalchemy as sa

from crm_chassis.fields import Address


def values(obj: Any, table: sa.Table, **override: Any) -> dict[str, Any]:
    """Column values for ``obj``: every column whose name is an attribute of it."""
    out: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in override:
            out[name] = override[name]
        # One getattr, not hasattr then getattr: derived columns (search_text) are
        # properties, computed twice per row otherwise (an import's hottest frame).
        elif (value := getattr(obj, name, _MISSING)) is not _MISSING:
            out[name] = _to_column(value)
    return out


_MISSING = object()


def _to_column(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Address):
        return value.as_dict()
    if isinstance(value, tuple):
        return list(value)
    return value


@cache
def _kinds(cls: type) -> dict[str, str]:
    kinds = {}
    for f in dataclasses.fields(cls):
        hint = str(f.type)
        if "Decimal" in hint:
            kinds[f.name] = "decimal"
        elif "Address" in hint:
            kinds[f.name] = "address"
        elif hint.startswith("tuple"):
            kinds[f.name] = "tuple"
        elif hint.startswith("list") or hint.startswith("dict"):
            kinds[f.name] = "skip"
    return kinds


def build(cls: type, row: Any, **extra: Any) -> Any:
    """A domain object from a row (plus ``extra`` fields such as lines)."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    kinds = _kinds(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in extra:
            kwargs[f.name] = extra[f.name]
            continue
        if f.name not in mapping or kinds.get(f.name) == "skip":
            continue
        value = mapping[f.name]
        kind = kinds.get(f.name)
        if kind == "decimal" and value is not None:
            value = Decimal(value)
        elif kind == "address":
            value = Address.of(value)
        elif kind == "tuple":
            value = tuple(value or ())
        kwargs[f.name] = value
    return cls(**kwargs)
