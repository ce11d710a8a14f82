"""Record the statistics facts of newly closed tickets (the worker's timer).

Business minutes come from h/sla's calendars (``sla_facts``), once per closing, so the
reports read one row per ticket and never replay a ticket's history. A ticket closed again
after a reopen gets new facts (the old closing's are replaced).
"""

from __future__ import annotations

from datetime import datetime

from crm_access import RecordAccess
from crm_support.domain.contract_commands import RecordTicketFacts
from crm_support.domain.contract_ports import SlaFacts
from crm_support.domain.ticket_facts import ClosedTicket, TicketFacts
from crm_support.service.contract_rules import ContractRules
from crm_support.service.feedback import team_of
from crm_support.service.unit_of_work import UnitOfWorkFactory


def record_ticket_facts(
    cmd: RecordTicketFacts,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    sla_facts: SlaFacts,
    contract_rules: ContractRules,
) -> int:
    """Record facts for closed tickets without them, a batch per transaction."""
    now = cmd.now or contract_rules.now()
    recorded = 0
    while True:
        with uow() as tx:
            closed = tx.facts.closed_since(cmd.batch_size)
            tx.facts.put([facts_of(t, access, sla_facts, now) for t in closed])
        recorded += len(closed)
        if len(closed) < cmd.batch_size:
            return recorded


def facts_of(
    ticket: ClosedTicket, access: RecordAccess, sla: SlaFacts, now: datetime
) -> TicketFacts:
    is_group = ticket.owner_kind == "group"
    team_id, team_kind = (
        (ticket.owner_id, "group") if is_group else team_of(access, ticket.owner_id)
    )
    figures = sla.figures(ticket.id, ticket.created_at, ticket.first_response_at, ticket.closed_at)
    return TicketFacts(
        ticket_id=ticket.id,
        account_id=ticket.account_id,
        contact_id=ticket.contact_id,
        owner_id=ticket.owner_id,
        agent_id=None if is_group else ticket.owner_id,
        team_id=team_id,
        team_kind=team_kind,
        priority=ticket.priority,
        created_at=ticket.created_at,
        closed_at=ticket.closed_at,
        first_response_minutes=figures.first_response_minutes,
        resolution_minutes=figures.resolution_minutes,
        sla_breached=figures.sla_breached,
        score=ticket.score,
        recorded_at=now,
    )
