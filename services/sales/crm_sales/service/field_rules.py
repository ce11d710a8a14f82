"""Hidden fields in sales queries: what each list parameter reads, and a search that skips them.

The decision is :mod:`crm_access.field_queries` over the caller's
:class:`~crm_access.FieldAccess` (the one that redacts answers): an explicit filter or
``sort=`` reading a hidden field is 403 naming the parameter and the field; ``q=`` matches
only the fields the caller sees (docs/api-conventions.md).

``q=`` normally matches the stored ``search_text`` (trigram-indexed). When one of the fields
it is built from is hidden from the caller, the search instead matches the caller's visible
fields one by one (lower-case ``LIKE``; quote lines by product code and name), so the hidden
value finds nothing. That path is not indexed (only callers with hidden search fields take
it), and a visible phone is matched as written there, not also by its bare digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from crm_access import FieldAccess, RecordAccess
from crm_access.field_queries import check_query_fields, searchable_fields
from crm_chassis.auth.principal import Principal
from crm_chassis.pagination import ListParams
from crm_sales.adapters import tables as t

# Parameters whose record field is not their own name (others read the field they name).
READS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        "min_score": ("score",),
        "tag": ("tags",),
        # Marketing's segment filters over gRPC ListLeads.
        "tags": ("tags",),
        "created_since": ("created_at",),
    },
    "opportunities": {"open_only": ("sales_stage",)},
    "quotes": {"include_superseded": (), "product_id": ("lines",)},
}
# Boolean switches that only narrow when true (false is their default, not a filter).
SWITCHES = frozenset({"open_only", "include_superseded"})
# The fields each module's ``search_text`` is built from.
SEARCHED: dict[str, tuple[str, ...]] = {
    "leads": ("first_name", "last_name", "company", "email", "phone", "mobile", "website"),
    "opportunities": ("name",),
    "quotes": ("number", "subject", "account_name", "lines"),
    "sales_orders": ("number", "quote_number"),
    "enquiries": ("number", "remarks"),
    "products": ("code", "name"),
}
# Rows of histories and price lists: their module, and each key's record field (a key whose
# field is hidden from the caller is left out).
ROWS: dict[str, tuple[str, dict[str, str]]] = {
    "status_change": ("leads", {"from_status": "lead_status", "to_status": "lead_status"}),
    "stage_change": (
        "opportunities",
        {
            "from_stage": "sales_stage",
            "to_stage": "sales_stage",
            "amount": "amount",
            "probability": "probability",
        },
    ),
    "price": ("products", {"product_code": "code", "product_name": "name"}),
    # A quote's or an order's line copies the product's code and name: the caller's products
    # profile decides whether they show, wherever the line is shown or searched.
    "line": ("products", {"product_code": "code", "product_name": "name"}),
}


def query_reads(module: str, params: ListParams, sort: str) -> dict[str, tuple[str, ...]]:
    """Each given filter (and an explicit ``sort=`` / ``updated_since``) -> fields it reads."""
    reads = READS.get(module, {})
    used: dict[str, tuple[str, ...]] = {}
    for name, value in params.filters.items():
        if value is None or (name in SWITCHES and value is False):
            continue
        used[name] = reads.get(name, (name,))
    if params.sort:
        used["sort"] = (sort,)
    if params.updated_since is not None:
        used["updated_since"] = ("updated_at",)
    return used


def check_list(fields: FieldAccess, module: str, params: ListParams, sort: str) -> None:
    """403 naming the first parameter of this list that filters or sorts on a hidden field."""
    check_query_fields(fields, query_reads(module, params, sort))


def search_condition(
    fields: FieldAccess,
    module: str,
    table: sa.Table,
    pattern: str,
    products: FieldAccess | None = None,
) -> sa.ColumnElement[bool] | None:
    """The ``q=`` condition for this caller: ``search_text`` when nothing it holds is hidden,
    else an OR over the visible searched fields (None: the table has no search).
    ``products``: the caller's products field access, for the product code and name the
    quote lines hold (hidden there: lines match on the visible one only, or not at all)."""
    if "search_text" not in table.c:
        return None
    searched = SEARCHED.get(module)
    line_columns = _line_columns(products)
    lines_trimmed = "lines" in (searched or ()) and len(line_columns) < len(ROWS["line"][1])
    if not searched or (not (fields.hidden & set(searched)) and not lines_trimmed):
        return table.c.search_text.like(pattern, escape="\\")
    names = searchable_fields(fields, searched)
    return sa.or_(sa.false(), *_visible_terms(table, names, pattern, line_columns))


def _line_columns(products: FieldAccess | None) -> tuple[str, ...]:
    """The quote-line columns (product code, name) the caller's products profile shows."""
    reads = ROWS["line"][1]
    return tuple(c for c, f in reads.items() if products is None or products.visible(f))


def _visible_terms(
    table: sa.Table, names: tuple[str, ...], pattern: str, line_columns: tuple[str, ...]
) -> list[Any]:
    terms: list[Any] = []
    for name in names:
        if name == "lines":
            if line_columns:
                terms.append(_line_match(pattern, line_columns))
        elif name in table.c:
            terms.append(sa.func.lower(table.c[name]).like(pattern, escape="\\"))
    return terms


def _line_match(pattern: str, columns: tuple[str, ...]) -> Any:
    ln = t.quote_lines
    return sa.exists().where(
        ln.c.document_id == t.quotes.c.id,
        sa.or_(*(sa.func.lower(ln.c[c]).like(pattern, escape="\\") for c in columns)),
    )


def shown(
    access: RecordAccess, principal: Principal, kind: str, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``rows`` of ``kind`` (``ROWS``) without the keys showing a field hidden from the caller."""
    module, reads = ROWS[kind]
    return redact_rows(access.fields(principal, module), rows, reads)


def redact_rows(
    fields: FieldAccess, rows: list[dict[str, Any]], reads: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Rows without the keys whose record field (``reads``: key -> field) is hidden."""
    gone = {key for key, field in reads.items() if not fields.visible(field)}
    if not gone:
        return rows
    return [{k: v for k, v in row.items() if k not in gone} for row in rows]
