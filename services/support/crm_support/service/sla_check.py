"""The scheduled SLA check: recompute after setting changes, then warn and breach.

The worker runs it on a timer (``SUPPORT_SLA_CHECK_SECONDS``). Each warning and breach is a
conditional update of the target's row and its outbox row in one transaction: two workers,
or a worker restarted halfway, announce each ticket's target (per cycle) exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from crm_access import RecordAccess
from crm_chassis.db.types import utcnow
from crm_chassis.logging import get_logger
from crm_support.adapters.sla_store import DueTarget, SlaStore, TicketFacts
from crm_support.domain.escalation import manager_of
from crm_support.domain.events import SlaBreached, SlaClockEvent, SlaWarning
from crm_support.domain.ports import ContractSlas
from crm_support.domain.sla_commands import RunSlaCheck, SlaCheckResult
from crm_support.service.sla import refresh_targets
from crm_support.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def run_sla_check(
    cmd: RunSlaCheck, *, uow: UnitOfWorkFactory, access: RecordAccess, contracts: ContractSlas
) -> SlaCheckResult:
    now = cmd.now or utcnow()
    recomputed = _recompute(uow, contracts, now, cmd.batch)
    warnings = breaches = 0
    while True:
        with uow() as tx:
            found = SlaStore(tx.session).due(
                now, now + timedelta(minutes=cmd.warning_minutes), cmd.batch
            )
        # One short transaction per target: a checker never holds one row while waiting
        # for another (a ticket change or a recomputation rewriting rows in id order).
        for due in found:
            with uow() as tx:
                event = _announce(SlaStore(tx.session), access, due, now)
                if event is not None:
                    uow.record(tx.session, event)
            breaches += isinstance(event, SlaBreached)
            warnings += isinstance(event, SlaWarning)
        if len(found) < cmd.batch:
            break
    if warnings or breaches or recomputed:
        log.info("sla.checked", recomputed=recomputed, warnings=warnings, breaches=breaches)
    return SlaCheckResult(recomputed=recomputed, warnings=warnings, breaches=breaches)


def _recompute(uow: UnitOfWorkFactory, contracts: ContractSlas, now: datetime, batch: int) -> int:
    """Rewrite every open ticket's rows when a calendar or policy changed since last time."""
    with uow() as tx:
        pending = SlaStore(tx.session).pending_recomputations()
    if not pending:
        return 0
    count, after = 0, None
    while True:
        with uow() as tx:
            ids = SlaStore(tx.session).open_ticket_ids(after, batch)
        # One transaction per ticket: never two tickets' rows held at once, so neither a
        # ticket change nor another checker can deadlock with us.
        for ticket_id in ids:
            with uow() as tx:
                refresh_targets(SlaStore(tx.session), ticket_id, contracts, now)
        count += len(ids)
        if len(ids) < batch:
            break
        after = ids[-1]
    with uow() as tx:
        SlaStore(tx.session).finish_recomputations(pending, now)
    return count


def _announce(
    store: SlaStore, access: RecordAccess, due: DueTarget, now: datetime
) -> SlaClockEvent | None:
    """Breach a target past due, else warn of one nearly due: once each (the mark)."""
    if due.breached_at is None and due.due_at <= now:
        if not store.mark(due, "breached_at", now):
            return None  # another checker announced it
        kind: type[SlaClockEvent] = SlaBreached
    elif due.warned_at is None:
        if not store.mark(due, "warned_at", now):
            return None
        kind = SlaWarning
    else:
        return None
    ticket = store.ticket(due.ticket_id)
    if ticket is None:
        return None
    return _event(kind, ticket, due, access, now)


def _event(
    kind: type[SlaClockEvent],
    ticket: TicketFacts,
    due: DueTarget,
    access: RecordAccess,
    now: datetime,
) -> SlaClockEvent:
    manager = manager_of(ticket.owner_id, ticket.owner_kind, access.decider().snapshot)
    return kind(
        ticket_id=ticket.id,
        number=ticket.number,
        title=ticket.title,
        account_id=ticket.account_id,
        contact_id=ticket.contact_id,
        owner_id=ticket.owner_id,
        owner_kind=ticket.owner_kind,
        manager_id=manager,
        target=due.target,
        policy_id=due.policy_id,
        started_at=due.started_at,
        due_at=due.due_at,
        at=now,
    )
