"""The owner directory, read-only (for administrators, support and end-to-end tests)."""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply
from crm_contacts.api.mapping import owner_out
from crm_contacts.api.schemas import OwnerListQuery, OwnerOut
from crm_contacts.bootstrap import Contacts


def register(api: Api, app: Contacts) -> None:
    @api.route(
        "/owners",
        "GET",
        query=OwnerListQuery,
        response=Page[OwnerOut],
        permission=("owners", "view"),
        summary="List the users records may be assigned to (fed by identity's events)",
    )
    def list_owners(query: OwnerListQuery) -> Reply:
        items, cursor = app.queries.list_owners(
            context.principal(), limit=query.limit, cursor=query.cursor, q=query.q
        )
        return Reply(Page[OwnerOut](items=[owner_out(o) for o in items], next_cursor=cursor))
