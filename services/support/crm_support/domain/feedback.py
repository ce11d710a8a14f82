"""Satisfaction feedback on a closed ticket: a score 1-5 and a comment, given once.

The survey is reached by a signed link (in the closing mail, or in the portal for the
ticket's portal users); the link names the ticket, so a survey needs no row of its own.
One answer per ticket: the ``ticket_feedback`` table's unique ticket id makes a second
answer a 409, even when two arrive at once. Who the feedback credits is fixed when it is
given: the ticket's owner (``agent_id`` for a user) and its team (the owning group, or the
agent's role, as the service resolves it from the access policy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from crm_chassis.errors import Conflict
from crm_chassis.fields import Checker
from crm_support.domain import contract_events as ev

SCORES = (1, 2, 3, 4, 5)
MAX_COMMENT = 4000


class FeedbackAlreadyGiven(Conflict):
    """The ticket's survey was answered before (409)."""

    def __init__(self, ticket_id: UUID) -> None:
        super().__init__(f"Feedback on ticket {ticket_id} was already given.")


class TicketNotClosed(Conflict):
    """A survey opens when the ticket is closed (409)."""

    def __init__(self, status: str) -> None:
        super().__init__(
            f"Feedback is asked once the ticket is closed; it is '{status}'.",
            extra={"current_status": status},
        )


@dataclass(frozen=True)
class SurveyTicket:
    """What the survey needs of its ticket (read from h/tickets' table)."""

    id: UUID
    number: str
    title: str
    status: str
    account_id: UUID | None
    contact_id: UUID | None
    owner_id: UUID | None
    owner_kind: str | None
    closed_at: datetime | None


@dataclass
class Feedback:
    id: UUID
    ticket_id: UUID
    ticket_number: str
    score: int
    created_at: datetime
    comment: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    owner_id: UUID | None = None
    agent_id: UUID | None = None
    team_id: UUID | None = None
    team_kind: str | None = None
    given_by: str | None = None
    closed_at: datetime | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def give(
        cls,
        ticket: SurveyTicket,
        *,
        id: UUID,
        score: Any,
        comment: Any,
        now: datetime,
        given_by: str | None,
        team: tuple[UUID | None, str | None] = (None, None),
    ) -> Feedback:
        """Answer the survey of a closed ticket (422 for a bad score, 409 if not closed)."""
        checked_score, checked_comment = clean_answer(score, comment)
        if ticket.status != "Closed":
            raise TicketNotClosed(ticket.status)
        is_group = ticket.owner_kind == "group"
        team_id, team_kind = (ticket.owner_id, "group") if is_group else team
        feedback = cls(
            id=id,
            ticket_id=ticket.id,
            ticket_number=ticket.number,
            score=checked_score,
            comment=checked_comment,
            created_at=now,
            account_id=ticket.account_id,
            contact_id=ticket.contact_id,
            owner_id=ticket.owner_id,
            agent_id=None if is_group else ticket.owner_id,
            team_id=team_id,
            team_kind=team_kind,
            given_by=given_by,
            closed_at=ticket.closed_at,
        )
        feedback.events.append(ev.FeedbackReceived(feedback=feedback))
        return feedback


def clean_answer(score: Any, comment: Any) -> tuple[int, str | None]:
    """The score (a whole number 1..5) and the trimmed comment, or 422 naming each."""
    check = Checker()
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        check.add("score", "must be a whole number from 1 to 5")
    cleaned = check.text("comment", comment, max_length=MAX_COMMENT)
    check.raise_if_any()
    return int(score), cleaned


class SurveyLinks(Protocol):
    """Signed survey links: a token naming a ticket, valid for the configured time."""

    def token_for(self, ticket_id: UUID) -> str: ...

    def ticket_of(self, token: str) -> UUID:
        """The ticket a token names; 404 for a bad, forged or expired token."""
        ...

    def url_for(self, ticket_id: UUID) -> str: ...
