"""The fields a mail-merge template may use, and how a record becomes them.

Declared, not discovered: a template is checked against this list when it is saved, so a
misspelt field is a 422 then, never a blank in ten thousand sent mails. Every declared field
is always present when rendering (an empty string when the record lacks it, is of the other
kind, or the reader may not see it), so a template for contacts and leads renders for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIELDS: dict[str, tuple[str, ...]] = {
    "contact": (
        "salutation",
        "first_name",
        "last_name",
        "full_name",
        "title",
        "department",
        "email",
        "phone",
        "mobile",
    ),
    "lead": (
        "salutation",
        "first_name",
        "last_name",
        "full_name",
        "company",
        "title",
        "email",
        "phone",
        "industry",
        "lead_source",
    ),
    "account": ("name", "account_type", "industry", "area", "website", "phone"),
    "sender": ("name", "first_name", "last_name", "email", "title", "phone"),
}
#: Plain (ungrouped) values the mailing fills per recipient.
SCALARS: tuple[str, ...] = ("unsubscribe_url",)


def allowed(group: str, name: str) -> bool:
    """Whether ``group.name`` is a declared merge field."""
    return name in FIELDS.get(group, ())


def all_names() -> list[str]:
    """Every declared field as a template writes it (for error messages and docs)."""
    names = [f"{g}.{n}" for g, fields in FIELDS.items() for n in fields]
    return names + list(SCALARS)


def context(
    groups: Mapping[str, Mapping[str, Any]], *, unsubscribe_url: str = ""
) -> dict[str, Any]:
    """The render context: every declared field, the given values as text, others ""."""
    ctx: dict[str, Any] = {}
    for group, names in FIELDS.items():
        given = groups.get(group) or {}
        ctx[group] = {n: _text(given.get(n)) for n in names}
    ctx["unsubscribe_url"] = unsubscribe_url
    return ctx


def full_name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
