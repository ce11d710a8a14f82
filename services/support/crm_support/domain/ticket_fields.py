"""A ticket's fields as callers give them, and their checks (pick lists, lengths, the
contact's account)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from uuid import UUID

from crm_chassis.fields import Checker
from crm_support.domain.picklists import (
    OWNER_KINDS,
    TICKET_CHANNELS,
    TICKET_PRIORITIES,
    TicketLists,
)

DEFAULT_LISTS = TicketLists()
TITLE_MAX, DESCRIPTION_MAX, RESOLUTION_MAX = 255, 20_000, 20_000
COMMENT_MAX = 100_000
#: Ten years of minutes: more on one ticket is a typing error.
TIME_SPENT_MAX = 10 * 365 * 24 * 60


@dataclass(frozen=True)
class TicketFields:
    """A ticket's fields as a caller gives them (checked by :func:`check_ticket`)."""

    title: str | None = None
    description: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    product_id: UUID | None = None
    priority: str | None = None
    severity: str | None = None
    category: str | None = None
    channel: str | None = None
    owner_id: UUID | None = None
    owner_kind: str | None = None
    time_spent_minutes: int | None = None
    resolution: str | None = None
    parent_ticket_id: UUID | None = None


TICKET_FIELDS = frozenset(f.name for f in fields(TicketFields))
#: What a PATCH may change directly (owner goes through assignment, status through the
#: machine, channel and parent are facts of the ticket's start).
EDITABLE = frozenset(
    {
        "title",
        "description",
        "account_id",
        "contact_id",
        "product_id",
        "priority",
        "severity",
        "category",
        "time_spent_minutes",
        "resolution",
    }
)


def check_ticket(given: TicketFields, lists: TicketLists = DEFAULT_LISTS) -> TicketFields:
    """422 naming every bad field; return the fields trimmed."""
    check = Checker()
    title = check.text("title", given.title, required=True, max_length=TITLE_MAX)
    description = check.text("description", given.description, max_length=DESCRIPTION_MAX)
    resolution = check.text("resolution", given.resolution, max_length=RESOLUTION_MAX)
    check.pick("priority", given.priority, TICKET_PRIORITIES)
    check.pick("severity", given.severity, lists.severities)
    check.pick("category", given.category, lists.categories)
    check.pick("channel", given.channel, TICKET_CHANNELS)
    check.pick("owner_kind", given.owner_kind, OWNER_KINDS)
    minutes = given.time_spent_minutes
    if minutes is not None and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not 0 <= minutes <= TIME_SPENT_MAX
    ):
        check.add("time_spent_minutes", f"must be a whole number from 0 to {TIME_SPENT_MAX}")
    if given.contact_id is not None and given.account_id is None:
        check.add("account_id", "is required with contact_id (the contact's account)")
    check.raise_if_any()
    return replace(given, title=title, description=description, resolution=resolution)
