"""Repositories of whole aggregates over one session (writes go through these).

Rows are read FOR UPDATE (PostgreSQL) inside BEGIN IMMEDIATE (SQLite), and written back
only when the aggregate's version moved, guarded by the version they were read at.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_billing.adapters import rows
from crm_billing.adapters.tables import (
    credit_notes,
    dunning_reminders,
    invoices,
    number_series,
    payment_allocations,
    payments,
    purchase_orders,
    vendors,
)
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.errors import ClientReferenceTaken
from crm_billing.domain.invoices import CANCELLED, OPEN, Invoice
from crm_billing.domain.numbers import format_number, series, series_of
from crm_billing.domain.payments import Payment
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.domain.vendors import Vendor
from crm_chassis.db.bulk import insert_many
from crm_chassis.errors import Conflict


class ConcurrentUpdate(Conflict):
    """The row changed between our read and our write (a guard that should never fire)."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"Record {record_id} was changed concurrently; try again.")


class _Repository:
    table: sa.Table
    to_values: Callable[[Any], dict[str, Any]]

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Any] = []
        self._loaded: dict[UUID, int] = {}

    def _row(self, stmt: sa.Select[Any]) -> Any:
        return self.session.execute(stmt.with_for_update()).first()

    def _track(self, item: Any) -> Any:
        if item.id not in self._loaded:
            self.seen.append(item)
        self._loaded[item.id] = item.version
        return item

    def add(self, item: Any) -> None:
        self.session.execute(sa.insert(self.table).values(**type(self).to_values(item)))
        self.seen.append(item)
        self._loaded[item.id] = item.version

    def save(self, item: Any) -> None:
        loaded = self._loaded.get(item.id)
        if loaded is None or loaded == item.version:
            return
        values = type(self).to_values(item)
        result = self.session.execute(
            sa.update(self.table)
            .where(self.table.c.id == item.id, self.table.c.version == loaded)
            .values(**{k: v for k, v in values.items() if k not in ("id", "created_at")})
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(str(item.id))
        self._loaded[item.id] = item.version


class InvoiceRepository(_Repository):
    table, to_values = invoices, staticmethod(rows.invoice_values)

    def get(self, invoice_id: UUID) -> Invoice | None:
        row = self._row(sa.select(invoices).where(invoices.c.id == invoice_id))
        return None if row is None else self._track(rows.invoice_from_row(row))

    def of_contacts(self, contact_ids: list[UUID]) -> list[Invoice]:
        stmt = sa.select(invoices).where(invoices.c.contact_id.in_(contact_ids)).with_for_update()
        return [self._track(rows.invoice_from_row(r)) for r in self.session.execute(stmt)]

    def by_quote(self, quote_id: UUID) -> Invoice | None:
        row = self._row(sa.select(invoices).where(invoices.c.quote_id == quote_id))
        return None if row is None else self._track(rows.invoice_from_row(row))

    def of_quote_family(self, quote_ids: Collection[UUID], number: str | None) -> list[Invoice]:
        """The invoices of these quotes, or of any version numbered ``number`` (locked)."""
        where = [invoices.c.quote_id.in_(list(quote_ids))] if quote_ids else []
        if number:
            where.append(invoices.c.quote_number == number)
        if not where:
            return []
        stmt = sa.select(invoices).where(sa.or_(*where)).order_by(invoices.c.created_at)
        rows_ = self.session.execute(stmt.with_for_update())
        return [self._track(rows.invoice_from_row(r)) for r in rows_]

    def dates_around(self, number: str) -> tuple[date | None, date | None]:
        """The latest date numbered before ``number`` in its series and the earliest after
        it (cancelled invoices aside): the window its own date must stay in."""
        c = invoices.c
        in_series = sa.and_(
            c.number.like(f"{series_of(number)}-%"), c.status != CANCELLED, c.number != number
        )
        before, after = self.session.execute(
            sa.select(
                sa.func.max(c.invoice_date).filter(c.number < number),
                sa.func.min(c.invoice_date).filter(c.number > number),
            ).where(in_series)
        ).one()
        return before, after

    def by_sales_order(self, order_id: UUID) -> Invoice | None:
        row = self._row(sa.select(invoices).where(invoices.c.sales_order_id == order_id))
        return None if row is None else self._track(rows.invoice_from_row(row))

    def open_for_account(self, account_id: UUID, currency: str) -> list[Invoice]:
        """The account's open invoices in a currency, oldest due first (locked)."""
        stmt = (
            sa.select(invoices)
            .where(
                invoices.c.account_id == account_id,
                invoices.c.currency == currency,
                invoices.c.status.in_(sorted(OPEN)),
            )
            .order_by(invoices.c.due_date, invoices.c.number)
            .with_for_update()
        )
        return [self._track(rows.invoice_from_row(r)) for r in self.session.execute(stmt)]

    def of_account(self, account_id: UUID) -> list[Invoice]:
        stmt = sa.select(invoices).where(invoices.c.account_id == account_id).with_for_update()
        return [self._track(rows.invoice_from_row(r)) for r in self.session.execute(stmt)]

    def overdue_candidates(self, today: date, after: tuple[date, UUID] | None, limit: int):
        """Open invoices due before ``today``, in (due_date, id) pages (locked)."""
        stmt = sa.select(invoices).where(
            invoices.c.status.in_(sorted(OPEN)), invoices.c.due_date < today
        )
        if after is not None:
            stmt = stmt.where(sa.tuple_(invoices.c.due_date, invoices.c.id) > sa.tuple_(*after))
        stmt = stmt.order_by(invoices.c.due_date, invoices.c.id).limit(limit).with_for_update()
        return [self._track(rows.invoice_from_row(r)) for r in self.session.execute(stmt)]


class PaymentRepository(_Repository):
    table, to_values = payments, staticmethod(rows.payment_values)

    def _load(self, row: Any) -> Payment:
        allocs = self.session.execute(
            sa.select(payment_allocations)
            .where(payment_allocations.c.payment_id == row.id)
            .order_by(payment_allocations.c.id)
        ).all()
        return self._track(rows.payment_from_row(row, allocs))

    def get(self, payment_id: UUID) -> Payment | None:
        row = self._row(sa.select(payments).where(payments.c.id == payment_id))
        return None if row is None else self._load(row)

    def by_client_reference(self, reference: str) -> Payment | None:
        row = self._row(sa.select(payments).where(payments.c.client_reference == reference))
        return None if row is None else self._load(row)

    def of_account(self, account_id: UUID) -> list[Payment]:
        stmt = sa.select(payments).where(payments.c.account_id == account_id).with_for_update()
        return [self._load(r) for r in self.session.execute(stmt)]

    def add(self, item: Payment) -> None:
        try:
            super().add(item)
        except sa.exc.IntegrityError:
            # Only the client reference can clash (the number is drawn under a lock): a
            # concurrent request stored it first, and the use case answers with that one.
            if item.client_reference is None:
                raise
            raise ClientReferenceTaken(item.client_reference) from None
        self._write_allocations(item, item.allocations)

    def save(self, item: Payment) -> None:
        before = self.session.execute(
            sa.select(sa.func.count()).where(payment_allocations.c.payment_id == item.id)
        ).scalar_one()
        super().save(item)
        self._write_allocations(item, item.allocations[before:])

    def _write_allocations(self, item: Payment, new: Iterable[Any]) -> None:
        values = [
            {
                "payment_id": item.id,
                "invoice_id": a.invoice_id,
                "amount": str(a.amount),
                "allocated_on": a.allocated_on,
            }
            for a in new
        ]
        insert_many(self.session, payment_allocations, values)


class CreditNoteRepository(_Repository):
    table, to_values = credit_notes, staticmethod(rows.credit_note_values)

    def dates_around(self, number: str) -> tuple[date | None, date | None]:
        """The latest ``issued_on`` numbered before ``number`` in its series, the earliest
        after it."""
        c = credit_notes.c
        in_series = sa.and_(c.number.like(f"{series_of(number)}-%"), c.number != number)
        before, after = self.session.execute(
            sa.select(
                sa.func.max(c.issued_on).filter(c.number < number),
                sa.func.min(c.issued_on).filter(c.number > number),
            ).where(in_series)
        ).one()
        return before, after

    def get(self, note_id: UUID) -> CreditNote | None:
        row = self._row(sa.select(credit_notes).where(credit_notes.c.id == note_id))
        return None if row is None else self._track(rows.credit_note_from_row(row))

    def of_invoice(self, invoice_id: UUID) -> list[CreditNote]:
        stmt = sa.select(credit_notes).where(credit_notes.c.invoice_id == invoice_id)
        return [rows.credit_note_from_row(r) for r in self.session.execute(stmt)]

    def of_account(self, account_id: UUID) -> list[CreditNote]:
        stmt = sa.select(credit_notes).where(credit_notes.c.account_id == account_id)
        return [self._track(rows.credit_note_from_row(r)) for r in self.session.execute(stmt)]


class VendorRepository(_Repository):
    table, to_values = vendors, staticmethod(rows.vendor_values)

    def get(self, vendor_id: UUID) -> Vendor | None:
        row = self._row(sa.select(vendors).where(vendors.c.id == vendor_id))
        return None if row is None else self._track(rows.vendor_from_row(row))

    def exists(self, vendor_id: UUID) -> bool:
        stmt = sa.select(vendors.c.id).where(vendors.c.id == vendor_id)
        return self.session.execute(stmt).first() is not None


class PurchaseOrderRepository(_Repository):
    table, to_values = purchase_orders, staticmethod(rows.purchase_order_values)

    def get(self, order_id: UUID) -> PurchaseOrder | None:
        row = self._row(sa.select(purchase_orders).where(purchase_orders.c.id == order_id))
        return None if row is None else self._track(rows.purchase_order_from_row(row))


class Reminders:
    """Dunning reminders sent: one row per invoice and level."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, invoice_id: UUID, level: int, on: date, days: int, now: datetime) -> bool:
        """Insert the reminder; False when this level was already reminded."""
        insert = _insert(self.session)(dunning_reminders).values(
            invoice_id=invoice_id, level=level, reminded_on=on, days_overdue=days, created_at=now
        )
        # RETURNING, not rowcount: psycopg reports no rowcount for a skipped conflict.
        result = self.session.execute(
            insert.on_conflict_do_nothing().returning(dunning_reminders.c.level)
        )
        return result.first() is not None


class Numbers:
    """Gap-free document numbers per series (``INV-2026``): a counter row per series.

    The counter is incremented in the transaction that inserts the document, under the
    row's lock, so a rolled-back document gives its number back and two concurrent ones
    never share one.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def next(self, prefix: str, year: int) -> str:
        key = series(prefix, year)
        self.session.execute(
            _insert(self.session)(number_series)
            .values(series=key, last_number=0)
            .on_conflict_do_nothing()
        )
        current = self.session.execute(
            sa.select(number_series.c.last_number)
            .where(number_series.c.series == key)
            .with_for_update()
        ).scalar_one()
        self.session.execute(
            sa.update(number_series)
            .where(number_series.c.series == key)
            .values(last_number=current + 1)
        )
        return format_number(prefix, year, current + 1)


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert
