"""Timeline routes: an account's or a contact's events, newest first, keyset paged."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, service
from crm_contacts.api.activity_schemas import TimelineEntryOut, TimelineQuery
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.timeline import TimelineEntry
from crm_contacts.service.access import ACCOUNTS, CONTACTS

bp = Blueprint("timeline")


def entry_out(e: TimelineEntry) -> TimelineEntryOut:
    return TimelineEntryOut(
        id=e.id,
        event_id=e.event_id,
        event_type=e.event_type,
        source=e.source,
        occurred_at=e.occurred_at,
        module=e.module,
        summary=e.summary,
        account_id=e.account_id,
        contact_id=e.contact_id,
        record_id=e.record_id,
        owner_id=e.owner_id,
        number=e.number,
        amount=e.amount,
        currency=e.currency,
        data=e.data,
    )


def _page(items: list[TimelineEntry], cursor: str | None) -> Page[TimelineEntryOut]:
    return Page[TimelineEntryOut](items=[entry_out(e) for e in items], next_cursor=cursor)


@bp.get(
    "/accounts/<account_id>/timeline",
    query=TimelineQuery,
    response=Page[TimelineEntryOut],
    permission=(ACCOUNTS, "view"),
    summary="What happened with an account, newest first",
)
def account_timeline(account_id: UUID, query: TimelineQuery) -> Page[TimelineEntryOut]:
    timeline = service(Contacts).timeline
    return _page(*timeline.for_account(context.principal(), account_id, **query.model_dump()))


@bp.get(
    "/contacts/<contact_id>/timeline",
    query=TimelineQuery,
    response=Page[TimelineEntryOut],
    permission=(CONTACTS, "view"),
    summary="What happened with a contact, newest first",
)
def contact_timeline(contact_id: UUID, query: TimelineQuery) -> Page[TimelineEntryOut]:
    timeline = service(Contacts).timeline
    return _page(*timeline.for_contact(context.principal(), contact_id, **query.model_dump()))
