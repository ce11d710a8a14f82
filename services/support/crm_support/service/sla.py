"""A ticket's SLA: which policy applies, its state now, and the rows the check reads.

The state is computed from the ticket's history on every read (``domain/sla.py``); the rows
of ``ticket_sla_targets`` are rewritten from it in the transaction that changed the ticket
(:class:`~crm_support.service.sla_tracking.SlaTrackingRecorder`) or after a calendar or
policy change (the check's recomputation), carrying over the warning and breach marks of
the same cycle so nothing is announced twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_support.adapters.sla_store import SlaStore, TicketFacts
from crm_support.domain.calendars import Calendar
from crm_support.domain.ports import ContractSlas
from crm_support.domain.sla import TargetState, sla_state
from crm_support.domain.sla_policies import SlaPolicy


@dataclass(frozen=True)
class TicketSla:
    """A ticket's SLA as every ticket answer shows it (no policy: no targets)."""

    ticket_id: UUID
    policy: SlaPolicy | None
    calendar: Calendar | None
    targets: tuple[TargetState, ...]


def policy_of(
    store: SlaStore, ticket: TicketFacts, contracts: ContractSlas
) -> tuple[SlaPolicy, Calendar] | None:
    """The contract's policy for the ticket's account when it has one, else its priority's."""
    policy = None
    if ticket.account_id is not None:
        granted = contracts.policy_for(ticket.account_id, ticket.clock.created_at)
        policy = store.policy(granted) if granted else None
    policy = policy or store.policy_for_priority(ticket.priority)
    calendar = store.calendar(policy.calendar_id) if policy else None
    if policy is None or calendar is None:
        return None
    return policy, calendar


def ticket_sla(
    store: SlaStore, ticket: TicketFacts, contracts: ContractSlas, now: datetime
) -> TicketSla:
    chosen = policy_of(store, ticket, contracts)
    if chosen is None:
        return TicketSla(ticket.id, None, None, ())
    policy, calendar = chosen
    return TicketSla(
        ticket.id, policy, calendar, sla_state(ticket.clock, policy, calendar.business(), now)
    )


def refresh_targets(
    store: SlaStore, ticket_id: UUID, contracts: ContractSlas, now: datetime
) -> None:
    """Rewrite the ticket's check rows from its SLA now (none for a closed ticket)."""
    ticket = store.ticket(ticket_id, lock=True)
    if ticket is None:
        return
    sla = ticket_sla(store, ticket, contracts, now)
    before = store.targets(ticket_id)
    rows = [
        _row(ticket_id, sla.policy.id, state, before.get(state.target))
        for state in sla.targets
        if sla.policy is not None and not state.stopped
    ]
    store.replace_targets(ticket_id, rows)


def _row(
    ticket_id: UUID, policy_id: UUID, state: TargetState, before: dict[str, Any] | None
) -> dict[str, Any]:
    same_cycle = before is not None and before["started_at"] == state.started_at
    return {
        "ticket_id": ticket_id,
        "target": state.target,
        "policy_id": policy_id,
        "started_at": state.started_at,
        "due_at": state.due_at,
        "met_at": state.met_at,
        "warned_at": before["warned_at"] if same_cycle and before else None,
        "breached_at": before["breached_at"] if same_cycle and before else None,
    }
