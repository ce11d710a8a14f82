"""Likely duplicates: records sharing a normalised name, e-mail, phone or web domain."""

from __future__ import annotations

from typing import Any

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, service
from crm_contacts.api.accounts import account_out
from crm_contacts.api.contacts import contact_out
from crm_contacts.api.schemas import DuplicateGroupOut, DuplicateQuery, redacted
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.access import either
from crm_contacts.service.queries.duplicates import find_duplicates

bp = Blueprint("duplicates")


@bp.get(
    "/duplicates",
    query=DuplicateQuery,
    response=Page[DuplicateGroupOut],
    permission_any=either("view"),
    summary="Likely duplicates (normalised name, e-mail, phone, web domain)",
)
def list_duplicates(query: DuplicateQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    groups = find_duplicates(
        app.queries, caller, query.entity, record_id=query.record_id, limit=query.limit
    )
    fields = app.access.fields(caller, query.entity)
    out = account_out if query.entity == "accounts" else contact_out
    items = [
        {
            "entity": g.entity,
            "matched_on": g.matched_on,
            "records": [redacted(out(r), fields) for r in g.records],
        }
        # find_duplicates matches on no key made of a field hidden from the caller.
        for g in groups
    ]
    return {"items": items, "next_cursor": None}
