"""Timeline routes: an account's or a contact's events, newest first, keyset paged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply
from crm_contacts.api.activity_schemas import TimelineEntryOut, TimelineQuery
from crm_contacts.domain.timeline import TimelineEntry
from crm_contacts.service.timeline import TimelineQueries


def entry_out(e: TimelineEntry) -> dict[str, Any]:
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
    ).model_dump(mode="json")


def register(api: Api, timeline: TimelineQueries) -> None:
    @api.route(
        "/accounts/<account_id>/timeline",
        "GET",
        query=TimelineQuery,
        response=Page[TimelineEntryOut],
        permission=("accounts", "view"),
        summary="What happened with an account, newest first",
    )
    def account_timeline(account_id: UUID, query: TimelineQuery) -> Reply:
        items, cursor = timeline.for_account(context.principal(), account_id, **query.model_dump())
        return Reply({"items": [entry_out(e) for e in items], "next_cursor": cursor})

    @api.route(
        "/contacts/<contact_id>/timeline",
        "GET",
        query=TimelineQuery,
        response=Page[TimelineEntryOut],
        permission=("contacts", "view"),
        summary="What happened with a contact, newest first",
    )
    def contact_timeline(contact_id: UUID, query: TimelineQuery) -> Reply:
        items, cursor = timeline.for_contact(context.principal(), contact_id, **query.model_dump())
        return Reply({"items": [entry_out(e) for e in items], "next_cursor": cursor})
