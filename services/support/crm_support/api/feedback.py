"""Feedback routes: the public survey (signed link, no login), the portal's answer, a
ticket's feedback and survey link for staff, and the summary per agent, team and period.

The link routes are public (``public=True``, like identity's token endpoint): the signed
token is the customer's proof. The gateway routes them without a token
(``gateway/dynamic/routes.yml``, ``support-feedback``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.errors import RecordNotFound
from crm_chassis.http import Blueprint, Reply, service
from crm_support.api.contract_schemas import (
    FeedbackIn,
    FeedbackOut,
    SatisfactionOut,
    SummaryQuery,
    SurveyLinkOut,
    SurveyOut,
)
from crm_support.api.report_tables import CSV_FILE, table
from crm_support.bootstrap import Support
from crm_support.domain.contract_commands import GiveFeedback
from crm_support.domain.feedback import Feedback
from crm_support.service.access import TICKETS

bp = Blueprint("feedback")
VIEW = (TICKETS, "view")


def feedback_out(f: Feedback | Any) -> dict[str, Any]:
    return {
        name: getattr(f, name)
        for name in ("id", "ticket_id", "ticket_number", "score", "comment", "created_at")
    }


@bp.get("/feedback/<token>", response=SurveyOut, public=True, summary="The survey of a link")
def survey(token: str) -> dict[str, Any]:
    """What the survey page shows: the ticket's number and title, and whether it was
    answered already (404 for a bad or expired link)."""
    app = service(Support)
    ticket_id = app.survey_links.ticket_of(token)
    with app.uow() as tx:
        ticket = tx.facts.survey_ticket(ticket_id)
        answered = tx.feedback.given_for(ticket_id)
    if ticket is None:
        raise RecordNotFound("Ticket", ticket_id)
    return {
        "ticket_id": ticket.id,
        "ticket_number": ticket.number,
        "title": ticket.title,
        "answered": answered,
        "closed_at": ticket.closed_at,
    }


@bp.post(
    "/feedback/<token>",
    body=FeedbackIn,
    response=FeedbackOut,
    status=201,
    public=True,
    idempotent=False,
    summary="Answer the survey of a link (once: 409 after)",
)
def answer_survey(token: str, body: FeedbackIn) -> Reply:
    command = GiveFeedback(score=body.score, comment=body.comment, token=token)
    given = service(Support).run(command)
    return Reply(feedback_out(given))


@bp.post(
    "/tickets/<ticket_id>/feedback",
    body=FeedbackIn,
    response=FeedbackOut,
    status=201,
    permission=VIEW,
    summary="A portal user answers the survey of its own account's closed ticket (once)",
)
def answer_in_portal(ticket_id: UUID, body: FeedbackIn) -> Reply:
    command = GiveFeedback(score=body.score, comment=body.comment, ticket_id=ticket_id)
    given = service(Support).run(command, caller=context.principal())
    return Reply(feedback_out(given), location=f"/api/support/v1/tickets/{ticket_id}/feedback")


@bp.get("/tickets/<ticket_id>/feedback", response=FeedbackOut, permission=VIEW)
def ticket_feedback(ticket_id: UUID) -> dict[str, Any]:
    """The feedback on a ticket the caller may see (404 when none was given)."""
    found = service(Support).contract_queries.feedback_of(context.principal(), ticket_id)
    if found is None:
        raise RecordNotFound("Feedback", ticket_id)
    return feedback_out(found)


@bp.get(
    "/tickets/<ticket_id>/survey-link",
    response=SurveyLinkOut,
    permission=(TICKETS, "edit"),
    staff_only=True,
    summary="The signed survey link of a ticket the caller may work (for a closing mail)",
)
def survey_link(ticket_id: UUID) -> dict[str, Any]:
    app = service(Support)
    app.queries.get(context.principal(), ticket_id)  # 404 unless visible
    links = app.survey_links
    return {
        "ticket_id": ticket_id,
        "url": links.url_for(ticket_id),
        "token": links.token_for(ticket_id),
    }


@bp.get(
    "/feedback/summary",
    query=SummaryQuery,
    response=SatisfactionOut,
    alternate=CSV_FILE,
    permission=VIEW,
    staff_only=True,
    summary="Satisfaction per agent, team (group or role) or period",
)
def summary(query: SummaryQuery) -> Any:
    rows = service(Support).reports.satisfaction(
        context.principal(), query.from_, query.to, query.group_by, query.granularity
    )
    out = [
        {
            "key": r.key,
            "answers": r.answers,
            "average": r.average,
            "scores": {str(k): v for k, v in r.scores.items()},
        }
        for r in rows
    ]
    body = {
        "group_by": query.group_by,
        "granularity": query.granularity,
        "start": query.from_,
        "end": query.to,
        "rows": out,
    }
    flat = [
        {
            "key": r["key"],
            "answers": r["answers"],
            "average": r["average"],
            **{f"score_{k}": v for k, v in r["scores"].items()},
        }
        for r in out
    ]
    return table(body, flat, "feedback-summary", query.format)
