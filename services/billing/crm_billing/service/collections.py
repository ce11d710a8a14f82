"""Collections: the scheduled overdue check (dunning).

The check is a use case of "today": the worker runs it on a timer, the
``crm-billing-overdue`` script runs one pass (cron), tests run it with a fixed date.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from crm_billing.domain import events
from crm_billing.domain.collections import OverdueResult, dunning_level
from crm_billing.domain.commands import RunOverdueCheck
from crm_billing.domain.invoices import Invoice
from crm_billing.service.clock import Clock
from crm_billing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def run_overdue_check(
    cmd: RunOverdueCheck, *, uow: UnitOfWorkFactory, clock: Clock
) -> OverdueResult:
    """Mark open invoices past due Overdue; remind (and emit an event) once per level.

    Invoices are taken in pages, each in its own transaction, so a long check never holds
    many locks.
    """
    today = cmd.today or clock.today()
    checked = reminders = 0
    after: tuple[date, UUID] | None = None
    while True:
        with uow() as tx:
            found = tx.invoices.overdue_candidates(today, after, cmd.batch)
            for invoice in found:
                checked += 1
                reminders += _remind(tx, invoice, today, clock)
        if len(found) < cmd.batch:
            break
        after = (found[-1].due_date, found[-1].id)
    log.info("overdue.checked", today=today.isoformat(), checked=checked, reminders=reminders)
    return OverdueResult(checked=checked, reminders=reminders)


def _remind(tx: UnitOfWork, invoice: Invoice, today: date, clock: Clock) -> int:
    """Mark one invoice; return 1 when it was reminded at a new level."""
    level = dunning_level((today - invoice.due_date).days)
    invoice.mark_overdue(today, level, now=clock.now())
    reminded = 0
    for event in list(invoice.events):
        if isinstance(event, events.InvoiceOverdue):
            if tx.reminders.record(invoice.id, event.level, today, event.days_overdue, clock.now()):
                reminded += 1
            else:  # reminded already (another checker): no second event
                invoice.events.remove(event)
    tx.invoices.save(invoice)
    return reminded
