"""Which record fields each list parameter reads, and a ``q=`` search over visible fields.

A caller's hidden fields (their profile's field modes, :mod:`crm_access.field_queries`)
must not be found by a query either: an explicit filter or sort reading one is 403 naming
it; a free-text ``q=`` matches only the fields the caller sees. Derived columns read every
field they are built from (a contact's phone key: phone, mobile and other phone; an
account's web domain: website, else e-mail).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from crm_access import FieldAccess
from crm_access.field_queries import check_query_fields, hidden_in, searchable_fields
from crm_chassis.pagination import ListParams
from crm_contacts.service.access import ACCOUNTS, CONTACTS

_COMMON = {
    "owner_id": ("owner_id",),
    "email": ("email",),
    "tag": ("tags",),
    "updated_since": ("updated_at",),
}

FILTER_FIELDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    ACCOUNTS: {
        **_COMMON,
        "account_type": ("account_type",),
        "industry": ("industry",),
        "parent_id": ("parent_id",),
        "rating": ("rating",),
        "customer_code": ("customer_code",),
        "area": ("area",),
        "web_domain": ("website", "email"),
        "phone": ("phone",),
    },
    CONTACTS: {
        **_COMMON,
        "account_id": ("account_id",),
        "lead_source": ("lead_source",),
        "reports_to_id": ("reports_to_id",),
        "do_not_contact": ("do_not_contact",),
        "phone": ("phone", "mobile", "other_phone"),
        # Segment filters over gRPC (marketing): several values, any matches.
        "tags": ("tags",),
        "lead_sources": ("lead_source",),
        "created_since": ("created_at",),
    },
}
#: Contact filters that read the contact's account (checked against the accounts profile).
ACCOUNT_FILTERS: Mapping[str, tuple[str, ...]] = {
    "account_types": ("account_type",),
    "industries": ("industry",),
    "areas": ("area",),
}

SORT_FIELDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    ACCOUNTS: {"name": ("name",), "created_at": ("created_at",), "updated_at": ("updated_at",)},
    CONTACTS: {
        "name": ("last_name", "first_name"),
        "created_at": ("created_at",),
        "updated_at": ("updated_at",),
    },
}

# What ``q=`` matches (the fields ``search_text`` is built from).
SEARCH_FIELDS: Mapping[str, tuple[str, ...]] = {
    ACCOUNTS: ("name", "customer_code", "email", "phone", "website", "area"),
    CONTACTS: (
        "first_name",
        "last_name",
        "email",
        "secondary_email",
        "phone",
        "mobile",
        "other_phone",
    ),
}
_PHONES = frozenset({"phone", "mobile", "other_phone"})
# Punctuation a phone is written with; stripped so bare digits match, as in search_text.
_PHONE_PUNCTUATION = (" ", "-", "+", "(", ")", ".", "/")


def default_sort(fields: FieldAccess, module: str) -> str:
    """Lists sort by name unless the name is hidden from the caller (its order would
    reveal it); then by creation."""
    return "created_at" if hidden_in(fields, SORT_FIELDS[module]["name"]) else "name"


def check_params(fields: FieldAccess, module: str, params: ListParams, sort: str) -> None:
    """403 naming the field if a filter or the sort of ``params`` reads a hidden field."""
    if not fields.hidden:
        return
    used: dict[str, Iterable[str]] = {
        name: reads
        for name, reads in FILTER_FIELDS[module].items()
        if params.filters.get(name) not in (None, "")
    }
    if params.updated_since is not None:
        used["updated_since"] = FILTER_FIELDS[module]["updated_since"]
    if params.sort:
        used["sort"] = SORT_FIELDS[module][sort]
    check_query_fields(fields, used)


def account_filters_used(params: ListParams) -> dict[str, tuple[str, ...]]:
    """The account filters of a contact list that are set (parameter -> account fields)."""
    return {n: f for n, f in ACCOUNT_FILTERS.items() if params.filters.get(n)}


def search_condition(
    fields: FieldAccess, module: str, table: sa.FromClause, pattern: str
) -> sa.ColumnElement[bool]:
    """``q=`` as a condition: the indexed ``search_text`` when no searched field is hidden,
    else a match on each visible field alone (a hidden one never matches)."""
    names = SEARCH_FIELDS[module]
    visible = searchable_fields(fields, names)
    if len(visible) == len(names):
        return table.c.search_text.like(pattern, escape="\\")
    parts: list[sa.ColumnElement[bool]] = []
    for name in visible:
        column: Any = sa.func.lower(table.c[name])
        parts.append(column.like(pattern, escape="\\"))
        if name in _PHONES:
            for mark in _PHONE_PUNCTUATION:
                column = sa.func.replace(column, mark, "")
            parts.append(column.like(pattern, escape="\\"))
    if module == CONTACTS and {"first_name", "last_name"} <= set(visible):
        full = sa.func.lower(table.c.first_name + " " + table.c.last_name)
        parts.append(full.like(pattern, escape="\\"))
    return sa.or_(*parts) if parts else sa.false()
