"""Collections: the scheduled overdue check (dunning) and the receivables reports.

The overdue check is a plain function of "today": the worker runs it on a timer, the
``crm-billing-overdue`` script runs one pass (cron), tests call it with a fixed date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_billing.adapters.tables import credit_notes, invoices, payment_allocations
from crm_billing.domain import events
from crm_billing.domain.collections import Ageing, OpenItem, ageing, dunning_level
from crm_billing.domain.errors import FieldError, InvalidFields
from crm_billing.domain.invoices import ISSUED
from crm_billing.domain.kpis import GRANULARITIES, Kpis, Sale, compute_kpis
from crm_billing.domain.money import ZERO
from crm_billing.service.access import INVOICES
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.logging import get_logger

log = get_logger(__name__)
CHUNK = 500
MAX_KPI_DAYS = 3660


@dataclass(frozen=True)
class OverdueResult:
    checked: int
    reminders: int


def run_overdue_check(
    uow_factory: Callable[[], Any], today: date, now: Callable[[], datetime], batch: int = 200
) -> OverdueResult:
    """Mark open invoices past due Overdue; remind (and emit an event) once per level."""
    checked = reminders = 0
    after: tuple[date, UUID] | None = None
    while True:
        with uow_factory() as uow:
            found = uow.invoices.overdue_candidates(today, after, batch)
            for invoice in found:
                checked += 1
                level = dunning_level((today - invoice.due_date).days)
                invoice.mark_overdue(today, level, now=now())
                for event in list(invoice.events):
                    if isinstance(event, events.InvoiceOverdue):
                        if uow.reminders.record(
                            invoice.id, event.level, today, event.days_overdue, now()
                        ):
                            reminders += 1
                        else:  # reminded already (another checker): no second event
                            invoice.events.remove(event)
                uow.invoices.save(invoice)
        if len(found) < batch:
            break
        after = (found[-1].due_date, found[-1].id)
    log.info("overdue.checked", today=today.isoformat(), checked=checked, reminders=reminders)
    return OverdueResult(checked, reminders)


class Reports:
    """Receivables reports over the invoices the caller may see."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def ageing(self, principal: Principal, as_of: date, account_id: UUID | None = None) -> Ageing:
        self.access.require(principal, INVOICES, "view")
        with self.db.reading() as session:
            items = self._open_items(session, principal, as_of, account_id)
        return ageing(items, as_of)

    def kpis(
        self, principal: Principal, start: date, end: date, granularity: str = "month"
    ) -> list[Kpis]:
        self.access.require(principal, INVOICES, "view")
        errors = []
        if end < start:
            errors.append(FieldError("to", "must not be before 'from'"))
        elif (end - start).days > MAX_KPI_DAYS:
            errors.append(FieldError("to", "the period is at most ten years"))
        if granularity not in GRANULARITIES:
            errors.append(FieldError("granularity", f"must be one of {', '.join(GRANULARITIES)}"))
        if errors:
            raise InvalidFields(errors)
        with self.db.reading() as session:
            visible = self._visible(principal)
            sales = self._sales(session, visible, start, end)
            ar_start = _per_currency(self._open_items(session, principal, start - timedelta(1)))
            ar_end = _per_currency(self._open_items(session, principal, end))
            collected = self._collected(session, visible, start, end)
        return compute_kpis(
            start=start,
            end=end,
            granularity=granularity,
            sales=sales,
            receivables_start=ar_start,
            receivables_end=ar_end,
            collected=collected,
        )

    # -- facts ------------------------------------------------------------------------------

    def _visible(self, principal: Principal) -> sa.ColumnElement[bool]:
        condition = self.access.visible_filter(principal, INVOICES, invoices)
        return sa.true() if condition is None else condition

    def _open_items(
        self, session: Any, principal: Principal, as_of: date, account_id: UUID | None = None
    ) -> list[OpenItem]:
        # Issued by the date and not settled by it; payments and credits up to the date.
        stmt = sa.select(
            invoices.c.id,
            invoices.c.account_id,
            invoices.c.currency,
            invoices.c.due_date,
            invoices.c.total,
        ).where(
            self._visible(principal),
            invoices.c.status.in_(sorted(ISSUED)),
            invoices.c.invoice_date <= as_of,
            sa.or_(invoices.c.settled_on.is_(None), invoices.c.settled_on > as_of),
        )
        if account_id is not None:
            stmt = stmt.where(invoices.c.account_id == account_id)
        found = session.execute(stmt).all()
        ids = [r.id for r in found]
        paid = _sum_by_invoice(
            session, payment_allocations, ids, payment_allocations.c.allocated_on <= as_of, "amount"
        )
        credited = _sum_by_invoice(
            session, credit_notes, ids, credit_notes.c.issued_on <= as_of, "applied"
        )
        return [
            OpenItem(
                r.id,
                r.account_id,
                r.currency,
                r.due_date,
                Decimal(r.total),
                paid.get(r.id, ZERO),
                credited.get(r.id, ZERO),
            )
            for r in found
        ]

    def _sales(self, session: Any, visible: Any, start: date, end: date) -> list[Sale]:
        issued = session.execute(
            sa.select(invoices.c.invoice_date, invoices.c.currency, invoices.c.total).where(
                visible,
                invoices.c.status.in_(sorted(ISSUED)),
                invoices.c.invoice_date.between(start, end),
            )
        ).all()
        notes = session.execute(
            sa.select(credit_notes.c.issued_on, credit_notes.c.currency, credit_notes.c.amount)
            .join(invoices, invoices.c.id == credit_notes.c.invoice_id)
            .where(visible, credit_notes.c.issued_on.between(start, end))
        ).all()
        return [Sale(r[0], r[1], Decimal(r[2])) for r in issued] + [
            Sale(r[0], r[1], -Decimal(r[2])) for r in notes
        ]

    def _collected(self, session: Any, visible: Any, start: date, end: date):
        found = session.execute(
            sa.select(invoices.c.currency, payment_allocations.c.amount)
            .join(invoices, invoices.c.id == payment_allocations.c.invoice_id)
            .where(visible, payment_allocations.c.allocated_on.between(start, end))
        ).all()
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for currency, amount in found:
            out[currency] += Decimal(amount)
        return dict(out)


def _sum_by_invoice(
    session: Any, table: sa.Table, ids: list[UUID], when: Any, column: str
) -> dict[UUID, Decimal]:
    out: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stmt = sa.select(table.c.invoice_id, table.c[column]).where(
            table.c.invoice_id.in_(chunk), when
        )
        for invoice_id, amount in session.execute(stmt):
            out[invoice_id] += Decimal(amount)
    return out


def _per_currency(items: Iterable[OpenItem]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        if item.balance > 0:
            out[item.currency] += item.balance
    return dict(out)
