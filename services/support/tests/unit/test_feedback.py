"""Feedback: a score 1-5 on a closed ticket, crediting its owner (user or group)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm_chassis.errors import InvalidFields
from crm_support.domain import contract_events as ev
from crm_support.domain.feedback import Feedback, SurveyTicket, TicketNotClosed

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def a_ticket(status: str = "Closed", owner_kind: str = "user") -> SurveyTicket:
    return SurveyTicket(
        id=uuid.uuid4(),
        number="TT-2026-000001",
        title="Printer",
        status=status,
        account_id=uuid.uuid4(),
        contact_id=None,
        owner_id=uuid.uuid4(),
        owner_kind=owner_kind,
        closed_at=NOW,
    )


def test_feedback_on_a_closed_ticket_credits_its_agent() -> None:
    ticket = a_ticket()
    given = Feedback.give(
        ticket, id=uuid.uuid4(), score=4, comment=" quick ", now=NOW, given_by="link"
    )
    assert (given.score, given.comment, given.agent_id, given.team_id) == (
        4,
        "quick",
        ticket.owner_id,
        None,
    )
    assert [type(e) for e in given.events] == [ev.FeedbackReceived]


def test_a_group_owned_ticket_credits_the_group() -> None:
    ticket = a_ticket(owner_kind="group")
    given = Feedback.give(ticket, id=uuid.uuid4(), score=5, comment=None, now=NOW, given_by=None)
    assert (given.agent_id, given.team_id, given.team_kind) == (None, ticket.owner_id, "group")


@pytest.mark.parametrize("score", [0, 6, "5", 4.5, True, None])
def test_scores_outside_one_to_five_are_422(score: object) -> None:
    with pytest.raises(InvalidFields) as refused:
        Feedback.give(
            a_ticket(), id=uuid.uuid4(), score=score, comment=None, now=NOW, given_by=None
        )
    assert [e.field for e in refused.value.errors] == ["score"]


def test_an_open_ticket_has_no_survey_yet() -> None:
    with pytest.raises(TicketNotClosed):
        Feedback.give(
            a_ticket("In Progress"), id=uuid.uuid4(), score=3, comment=None, now=NOW, given_by=None
        )
