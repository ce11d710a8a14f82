"""The facts receivables reports are made of, read in SQL (ageing, KPIs).

Each function takes the caller's record scope on invoices (a SQL condition) so a report
only ever adds up invoices the caller may see.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_billing.adapters.tables import credit_notes, invoices, payment_allocations
from crm_billing.domain.collections import OpenItem
from crm_billing.domain.invoices import ISSUED
from crm_billing.domain.kpis import Sale
from crm_chassis.money import ZERO

CHUNK = 500
Condition = sa.ColumnElement[bool]


def open_items(
    session: Session, visible: Condition, as_of: date, account_id: UUID | None = None
) -> list[OpenItem]:
    """Invoices issued by ``as_of`` and not settled by then, with what was paid and credited
    up to that date."""
    stmt = sa.select(
        invoices.c.id,
        invoices.c.account_id,
        invoices.c.currency,
        invoices.c.due_date,
        invoices.c.total,
    ).where(
        visible,
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
            invoice_id=r.id,
            account_id=r.account_id,
            currency=r.currency,
            due_date=r.due_date,
            total=Decimal(r.total),
            paid=paid.get(r.id, ZERO),
            credited=credited.get(r.id, ZERO),
        )
        for r in found
    ]


def sales(session: Session, visible: Condition, start: date, end: date) -> list[Sale]:
    """Issued invoices (+) by invoice date and credit notes (-) by issue date in the period."""
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


def collected(session: Session, visible: Condition, start: date, end: date) -> dict[str, Decimal]:
    """Money allocated to invoices in the period, per currency."""
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
    session: Session, table: sa.Table, ids: list[UUID], when: Any, column: str
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
