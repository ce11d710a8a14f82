"""Domain events: what happened in support, frozen dataclasses named in the past tense.

Aggregates record them (a list ``events``); the unit of work hands each to
``events/outgoing.py``, which turns the ones other services hear into versioned integration
events, written to the outbox in the same transaction as the change. Events about a whole
ticket carry a snapshot of it; the others carry exactly their facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:  # the aggregates record these events: no import cycle at run time
    from crm_support.domain.tickets import Comment, Ticket


@dataclass(frozen=True, kw_only=True)
class TicketOpened:
    ticket: Ticket


@dataclass(frozen=True, kw_only=True)
class TicketAssigned:
    ticket: Ticket
    previous_owner_id: UUID | None
    reason: str
    rule_id: UUID | None = None
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class TicketStatusChanged:
    ticket: Ticket
    from_status: str
    to_status: str
    reason: str | None
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class TicketResolved:
    """Closed with a resolution: the customer's problem is solved (feedback follows)."""

    ticket: Ticket
    at: datetime


@dataclass(frozen=True, kw_only=True)
class TicketClosed:
    ticket: Ticket
    at: datetime


@dataclass(frozen=True, kw_only=True)
class TicketReopened:
    ticket: Ticket
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class TicketUpdated:
    """Fields other than status and owner changed (kept inside: contacts hears the rest)."""

    ticket: Ticket
    changed: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CommentAdded:
    ticket: Ticket
    comment: Comment
