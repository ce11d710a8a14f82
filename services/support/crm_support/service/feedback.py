"""Feedback use cases: answer a closed ticket's survey once, by link or in the portal.

By link there is no caller: the signed token is the customer's proof (it names the ticket
and expires). In the portal the caller must see the ticket (its own account's); a staff
user never answers for the customer. The team credited is the owning group, or the
agent's role in the access policy at the time of the answer.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden, RecordNotFound
from crm_support.domain.contract_commands import GiveFeedback
from crm_support.domain.feedback import Feedback, FeedbackAlreadyGiven, SurveyLinks, SurveyTicket
from crm_support.service.access import TICKETS
from crm_support.service.contract_rules import ContractRules
from crm_support.service.unit_of_work import UnitOfWorkFactory


def give_feedback(
    cmd: GiveFeedback,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    survey_links: SurveyLinks,
    contract_rules: ContractRules,
    caller: Principal | None = None,
) -> Feedback:
    """Store the one answer of a closed ticket's survey (409 for a second one)."""
    if cmd.token is not None:
        ticket_id, given_by = survey_links.ticket_of(cmd.token), "link"
    else:
        if caller is None or caller.kind != "portal" or cmd.ticket_id is None:
            raise Forbidden("Only the customer answers a ticket's survey.")
        ticket_id, given_by = cmd.ticket_id, f"portal:{caller.subject}"
    with uow() as tx:
        ticket = tx.facts.survey_ticket(ticket_id)
        if ticket is None or (cmd.token is None and not _portal_sees(access, caller, ticket)):
            raise RecordNotFound("Ticket", ticket_id)
        if tx.feedback.given_for(ticket.id):
            raise FeedbackAlreadyGiven(ticket.id)
        feedback = Feedback.give(
            ticket,
            id=uuid.uuid4(),
            score=cmd.score,
            comment=cmd.comment,
            now=contract_rules.now(),
            given_by=given_by,
            team=team_of(access, ticket.owner_id),
        )
        tx.feedback.add(feedback)
    return feedback


def _portal_sees(access: RecordAccess, caller: Principal | None, ticket: SurveyTicket) -> bool:
    return caller is not None and access.can_see(caller, TICKETS, ticket)


def team_of(access: RecordAccess, owner_id: UUID | None) -> tuple[UUID | None, str | None]:
    """An agent's team: their role in the access policy (None when unknown)."""
    if owner_id is None:
        return None, None
    snapshot = access.decider().snapshot
    user = next((u for u in snapshot.users if u.id == str(owner_id)), None)
    if user is None or not user.role_id:
        return None, None
    try:
        return UUID(user.role_id), "role"
    except ValueError:
        return None, None
