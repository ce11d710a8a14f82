"""The owner directory, read-only (for administrators, support and end-to-end tests)."""

from __future__ import annotations

from dataclasses import asdict

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, service
from crm_contacts.api.schemas import OwnerListQuery, OwnerOut
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.access import OWNERS

bp = Blueprint("owners")


@bp.get(
    "/owners",
    query=OwnerListQuery,
    response=Page[OwnerOut],
    permission=(OWNERS, "view"),
    summary="List the users records may be assigned to (fed by identity's events)",
)
def list_owners(query: OwnerListQuery) -> Page[OwnerOut]:
    items, cursor = service(Contacts).queries.list_owners(
        context.principal(), limit=query.limit, cursor=query.cursor, q=query.q
    )
    return Page[OwnerOut](items=[OwnerOut(**asdict(o)) for o in items], next_cursor=cursor)
