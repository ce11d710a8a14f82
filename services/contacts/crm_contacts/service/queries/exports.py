"""CSV export of any filtered list of accounts or contacts.

The list query is the API's own (same filters, same record scope, as the ``export``
action, which profiles grant separately), walked page by page by keyset, so an export of
a million rows streams in constant memory. Hidden fields are left out as columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.csvsafe import safe_row
from crm_contacts.service.access import ACCOUNTS
from crm_contacts.service.queries.records import ListParams, Queries

PAGE = 500


def export_csv(
    queries: Queries,
    access: RecordAccess,
    principal: Principal,
    entity: str,
    params: ListParams,
    to_dict: Callable[[Any], dict[str, Any]],
    columns: list[str],
) -> Iterator[str]:
    """Yield the CSV text of every record the list would show (header first)."""
    module = entity
    access.require(principal, module, "export")
    fa = access.fields(principal, module)
    list_page = queries.list_accounts if module == ACCOUNTS else queries.list_contacts
    # The first page is read before streaming starts, so access errors are proper 4xx.
    params = replace(params, limit=PAGE, cursor=None)
    items, cursor = list_page(principal, params, "export")
    header = list(_flatten(fa.redact(dict.fromkeys(columns))))
    first = True
    while True:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if first:
            writer.writerow(header)
            first = False
        for item in items:
            flat = _flatten(fa.redact(to_dict(item)))
            writer.writerow(safe_row(_cell(flat.get(k)) for k in header))
        yield buffer.getvalue()
        if cursor is None:
            return
        items, cursor = list_page(principal, replace(params, cursor=cursor), "export")


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_address") or key == "mailing_address":
            prefix = key.removesuffix("_address")
            for part in ("street", "city", "state", "postal_code", "country"):
                out[f"{prefix}_{part}"] = (value or {}).get(part)
        elif key == "annual_revenue":
            out["annual_revenue"] = (value or {}).get("amount")
            out["annual_revenue_currency"] = (value or {}).get("currency")
        elif key == "tags":
            out["tags"] = ";".join(value or [])
        else:
            out[key] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
