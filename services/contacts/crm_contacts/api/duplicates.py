"""Duplicates and merges: find likely twins; merge them field by field.

A merged-away id keeps resolving: ``GET /accounts/{merged id}`` answers 200 with the
survivor (its own ``id``) and a ``Content-Location`` header naming the survivor's URL; the
same holds for contacts and for gRPC gets. Lists, searches and batch gets no longer show it.
"""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply
from crm_contacts.api.mapping import account_out, contact_out, shown
from crm_contacts.api.schemas import DuplicateGroupOut, DuplicateQuery, MergeIn, MergeOut
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.duplicates import find_duplicates

_FIELD_OF = {"name": "name", "email": "email", "phone": "phone", "web_domain": "website"}


def register(api: Api, app: Contacts) -> None:
    @api.route(
        "/duplicates",
        "GET",
        query=DuplicateQuery,
        response=Page[DuplicateGroupOut],
        summary="Likely duplicates (normalised name, e-mail, phone, web domain)",
    )
    def list_duplicates(query: DuplicateQuery) -> Reply:
        principal = context.principal()
        groups = find_duplicates(
            app.queries, principal, query.entity, record_id=query.record_id, limit=query.limit
        )
        fa = app.access.fields(principal, query.entity)
        out = (query.entity == "accounts" and account_out) or contact_out
        items = [
            {
                "entity": g.entity,
                "matched_on": g.matched_on,
                "records": [shown(out(r), fa) for r in g.records],
            }
            for g in groups
            # A match on a field the caller may not see would reveal it.
            if fa.visible(_FIELD_OF[g.matched_on])
        ]
        return Reply({"items": items, "next_cursor": None})

    @api.route(
        "/merges",
        "POST",
        body=MergeIn,
        response=MergeOut,
        summary="Merge records into a survivor, choosing each field's source",
    )
    def merge(body: MergeIn) -> Reply:
        principal = context.principal()
        survivor, moved = app.merge(
            principal, body.entity, body.survivor_id, body.merged_ids, body.fields
        )
        out = account_out if body.entity == "accounts" else contact_out
        fa = app.access.fields(principal, body.entity)
        return Reply(
            {
                "entity": body.entity,
                "survivor": shown(out(survivor), fa),
                "merged_ids": [str(i) for i in body.merged_ids],
                "moved": moved,
            }
        )
