"""Reads: get, batch get and keyset-paged lists with filters, search and access in SQL.

REST and gRPC call these same functions. Lists never count; each page is one indexed
range scan continuing from the last row's (sort key, id).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_billing.adapters import rows
from crm_billing.adapters.tables import (
    credit_notes,
    dunning_reminders,
    invoices,
    payment_allocations,
    payments,
    purchase_orders,
    vendors,
)
from crm_billing.domain.errors import RecordNotFound
from crm_billing.service.access import CREDIT_NOTES, INVOICES, PAYMENTS, PURCHASE_ORDERS, VENDORS
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort

MAX_BATCH = 500


@dataclass(frozen=True)
class Spec:
    module: str
    kind: str
    table: sa.Table
    sorts: tuple[str, ...]
    default_sort: str
    exact: tuple[str, ...]
    from_rows: Callable[[Any, list[Any]], list[Any]]
    search: bool = True


def _simple(convert: Callable[[Any], Any]) -> Callable[[Any, list[Any]], list[Any]]:
    return lambda _session, found: [convert(r) for r in found]


def _payments(session: Any, found: list[Any]) -> list[Any]:
    by_payment: dict[UUID, list[Any]] = defaultdict(list)
    ids = [r.id for r in found]
    if ids:
        stmt = (
            sa.select(payment_allocations)
            .where(payment_allocations.c.payment_id.in_(ids))
            .order_by(payment_allocations.c.id)
        )
        for a in session.execute(stmt):
            by_payment[a.payment_id].append(a)
    return [rows.payment_from_row(r, by_payment[r.id]) for r in found]


INVOICE = Spec(
    INVOICES,
    "Invoice",
    invoices,
    ("created_at", "updated_at", "number"),
    "-created_at",
    (
        "account_id",
        "contact_id",
        "quote_id",
        "sales_order_id",
        "status",
        "owner_id",
        "currency",
        "dunning_level",
    ),
    _simple(rows.invoice_from_row),
)
PAYMENT = Spec(
    PAYMENTS,
    "Payment",
    payments,
    ("created_at", "updated_at", "number"),
    "-created_at",
    ("account_id", "owner_id", "method", "currency", "client_reference"),
    _payments,
)
CREDIT_NOTE = Spec(
    CREDIT_NOTES,
    "Credit note",
    credit_notes,
    ("created_at", "updated_at", "number"),
    "-created_at",
    ("invoice_id", "account_id", "owner_id", "currency"),
    _simple(rows.credit_note_from_row),
    search=False,
)
VENDOR = Spec(
    VENDORS,
    "Vendor",
    vendors,
    ("name", "created_at", "updated_at"),
    "name",
    ("category", "payment_terms"),
    _simple(rows.vendor_from_row),
)
PURCHASE_ORDER = Spec(
    PURCHASE_ORDERS,
    "Purchase order",
    purchase_orders,
    ("created_at", "updated_at", "number"),
    "-created_at",
    ("vendor_id", "owner_id", "status", "currency"),
    _simple(rows.purchase_order_from_row),
)
SPECS = {s.module: s for s in (INVOICE, PAYMENT, CREDIT_NOTE, VENDOR, PURCHASE_ORDER)}
_SORT_COLUMN = {"name": "name_key"}


def like_pattern(term: str) -> str:
    """Escape a search term for ``LIKE '%term%' ESCAPE '\\'``, lower-cased."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Queries:
    """Read side of the service, bound to one database and access policy."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def get(self, module: str, principal: Principal, record_id: UUID) -> Any:
        spec = SPECS[module]
        self.access.require(principal, module, "view")
        stmt = self._visible(
            spec, principal, sa.select(spec.table).where(spec.table.c.id == record_id)
        )
        with self.db.reading() as session:
            found = session.execute(stmt).all()
            items = spec.from_rows(session, found)
        if not items:
            raise RecordNotFound(spec.kind, record_id)
        return items[0]

    def batch(self, module: str, principal: Principal, ids: Sequence[UUID]) -> list[Any]:
        spec = SPECS[module]
        self.access.require(principal, module, "view")
        if len(ids) > MAX_BATCH:
            raise BadRequest(
                f"At most {MAX_BATCH} ids per call.",
                errors=[FieldError("ids", f"at most {MAX_BATCH}")],
            )
        if not ids:
            return []
        stmt = self._visible(
            spec, principal, sa.select(spec.table).where(spec.table.c.id.in_(set(ids)))
        )
        with self.db.reading() as session:
            return spec.from_rows(session, session.execute(stmt).all())

    def list(self, module: str, principal: Principal, params: ListParams):
        """Return (items, next cursor) of one page."""
        spec = SPECS[module]
        self.access.require(principal, module, "view")
        sort, descending = parse_sort(
            params.sort or spec.default_sort, set(spec.sorts), spec.default_sort.lstrip("-")
        )
        table = spec.table
        sort_col = table.c[_SORT_COLUMN.get(sort, sort)]
        stmt = self._visible(spec, principal, sa.select(table))
        for name in spec.exact:
            value = params.filters.get(name)
            if value is None:
                continue
            if isinstance(value, (list, tuple, set)):
                stmt = stmt.where(table.c[name].in_(list(value)))
            else:
                stmt = stmt.where(table.c[name] == value)
        if params.updated_since is not None:
            stmt = stmt.where(table.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            if spec.search:
                stmt = stmt.where(table.c.search_text.like(like_pattern(params.q), escape="\\"))
            else:
                stmt = stmt.where(
                    table.c.number.like(like_pattern(params.q.upper()).upper(), escape="\\")
                )
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, sort_col, table.c.id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            found = session.execute(stmt).all()
            keys = {r.id: getattr(r, _SORT_COLUMN.get(sort, sort)) for r in found}
            items = spec.from_rows(session, found)
        return page(
            items,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda item: (keys[item.id], item.id),
        )

    def reminders(self, principal: Principal, invoice_id: UUID) -> list[Any]:
        """The dunning reminders of a visible invoice (level, date sent)."""
        self.get(INVOICES, principal, invoice_id)
        with self.db.reading() as session:
            return list(
                session.execute(
                    sa.select(dunning_reminders)
                    .where(dunning_reminders.c.invoice_id == invoice_id)
                    .order_by(dunning_reminders.c.level)
                )
            )

    def credit_of_account(self, principal: Principal, account_id: UUID) -> dict[str, Any]:
        """The account's credit per currency: unallocated payments and credit-note excess."""
        self.access.require(principal, PAYMENTS, "view")
        out: dict[str, Any] = defaultdict(lambda: 0)
        from decimal import Decimal

        with self.db.reading() as session:
            pay_visible = self.access.visible_filter(principal, PAYMENTS, payments)
            stmt = sa.select(payments.c.currency, payments.c.unallocated).where(
                payments.c.account_id == account_id
            )
            if pay_visible is not None:
                stmt = stmt.where(pay_visible)
            for currency, amount in session.execute(stmt):
                out[currency] += Decimal(amount)
            notes = sa.select(credit_notes.c.currency, credit_notes.c.to_credit).where(
                credit_notes.c.account_id == account_id
            )
            note_visible = self.access.visible_filter(principal, CREDIT_NOTES, credit_notes)
            if note_visible is not None:
                notes = notes.where(note_visible)
            for currency, amount in session.execute(notes):
                out[currency] += Decimal(amount)
        return dict(out)

    def _visible(self, spec: Spec, principal: Principal, stmt: sa.Select[Any]) -> sa.Select[Any]:
        condition = self.access.visible_filter(principal, spec.module, spec.table)
        return stmt if condition is None else stmt.where(condition)
