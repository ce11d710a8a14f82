"""Reads: get, batch get and keyset-paged lists with filters, search and access in SQL;
the receivables reports and the printable invoice.

REST and gRPC call these same functions. Lists never count; each page is one indexed
range scan continuing from the last row's (sort key, id). Reports add up only invoices
the caller may see (the record scope is a SQL condition on every fact they read).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_billing.adapters import receivables, rows
from crm_billing.adapters.tables import (
    credit_notes,
    dunning_reminders,
    invoices,
    payment_allocations,
    payments,
    purchase_orders,
    vendors,
)
from crm_billing.domain.collections import Ageing, OpenItem, Reminder, ageing
from crm_billing.domain.invoices import CREATED, OPEN, Invoice
from crm_billing.domain.kpis import GRANULARITIES, Kpis, compute_kpis
from crm_billing.domain.ports import AccountDirectory, InvoicePrinter
from crm_billing.service.access import CREDIT_NOTES, INVOICES, PAYMENTS, PURCHASE_ORDERS, VENDORS
from crm_billing.service.clock import Clock
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import BadRequest, FieldError, Forbidden, RecordNotFound
from crm_chassis.fields import Checker
from crm_chassis.money import ZERO
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort

MAX_BATCH = 500
MAX_KPI_DAYS = 3660


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


@dataclass(frozen=True)
class PrintedInvoice:
    """An invoice's printable document, with what a download names and tags it by."""

    number: str
    version: int
    media_type: str
    content: bytes


class Queries:
    """Read side of the service, bound to one database, access policy, clock and printer."""

    def __init__(
        self,
        db: Database,
        access: RecordAccess,
        clock: Clock,
        printer: InvoicePrinter,
        directory: AccountDirectory,
    ) -> None:
        self.db = db
        self.access = access
        self.clock = clock
        self.printer = printer
        self.directory = directory

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

    def list(
        self, module: str, principal: Principal, params: ListParams
    ) -> tuple[list[Any], str | None]:
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

    def reminders(self, principal: Principal, invoice_id: UUID) -> list[Reminder]:
        """The dunning reminders of a visible invoice (level, date sent)."""
        self.get(INVOICES, principal, invoice_id)
        stmt = (
            sa.select(dunning_reminders)
            .where(dunning_reminders.c.invoice_id == invoice_id)
            .order_by(dunning_reminders.c.level)
        )
        with self.db.reading() as session:
            return [rows.reminder_from_row(r) for r in session.execute(stmt)]

    def printable_invoice(
        self, principal: Principal, invoice_id: UUID, token: str | None = None
    ) -> PrintedInvoice:
        """A visible invoice as a printable document (PDF), naming the customer.

        The name kept on the invoice is printed; an invoice made from a quote has none
        kept, so contacts is asked with the caller's token (unreachable: 503, never a bill
        without the customer's name; an account gone: its id is printed). A portal user
        holds no contacts scope: for their own (already visible) invoice billing asks with
        its own credentials, as it does for service accounts.
        """
        invoice: Invoice = self.get(INVOICES, principal, invoice_id)
        if not invoice.account_name:
            account = self.directory.get_account(invoice.account_id, token=token)
            if account is not None:
                invoice = dataclasses.replace(invoice, account_name=account.name)
        return PrintedInvoice(
            number=invoice.number,
            version=invoice.version,
            media_type=self.printer.media_type,
            content=self.printer.render(invoice),
        )

    def account_balance(self, principal: Principal, account_id: UUID) -> int:
        """How many of the account's invoices are not settled (drafts and issued ones still
        owed), for a caller who may delete accounts (contacts asks on that user's behalf
        before a delete): every invoice, counted, no detail."""
        if not self.access.store.decider().allows(principal, "accounts", "delete"):
            raise Forbidden("Only a caller who may delete accounts may ask this.")
        unsettled = sorted(OPEN | {CREATED})
        stmt = sa.select(sa.func.count()).where(
            invoices.c.account_id == account_id, invoices.c.status.in_(unsettled)
        )
        with self.db.reading() as session:
            return int(session.execute(stmt).scalar_one())

    def credit_of_account(self, principal: Principal, account_id: UUID) -> dict[str, Decimal]:
        """The account's credit per currency: unallocated payments and credit-note excess."""
        self.access.require(principal, PAYMENTS, "view")
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        payment_credit = sa.select(payments.c.currency, payments.c.unallocated).where(
            payments.c.account_id == account_id
        )
        note_credit = sa.select(credit_notes.c.currency, credit_notes.c.to_credit).where(
            credit_notes.c.account_id == account_id
        )
        with self.db.reading() as session:
            for stmt in (
                self._visible(SPECS[PAYMENTS], principal, payment_credit),
                self._visible(SPECS[CREDIT_NOTES], principal, note_credit),
            ):
                for currency, amount in session.execute(stmt):
                    out[currency] += Decimal(amount)
        return dict(out)

    # -- receivables reports ----------------------------------------------------------------

    def ageing(
        self, principal: Principal, as_of: date | None = None, account_id: UUID | None = None
    ) -> Ageing:
        """AR ageing of the invoices the caller may see, as of a date (default: today)."""
        self.access.require(principal, INVOICES, "view")
        as_of = as_of or self.clock.today()
        with self.db.reading() as session:
            items = receivables.open_items(
                session, self._invoice_scope(principal), as_of, account_id
            )
        return ageing(items, as_of)

    def kpis(
        self, principal: Principal, start: date, end: date, granularity: str = "month"
    ) -> list[Kpis]:
        """Finance KPIs over ``[start, end]`` per currency (at most ten years)."""
        self.access.require(principal, INVOICES, "view")
        check = Checker()
        if end < start:
            check.add("to", "must not be before 'from'")
        elif (end - start).days > MAX_KPI_DAYS:
            check.add("to", "the period is at most ten years")
        check.pick("granularity", granularity, GRANULARITIES)
        check.raise_if_any()
        visible = self._invoice_scope(principal)
        with self.db.reading() as session:
            sales = receivables.sales(session, visible, start, end)
            ar_start = receivables.open_items(session, visible, start - timedelta(1))
            ar_end = receivables.open_items(session, visible, end)
            collected = receivables.collected(session, visible, start, end)
        return compute_kpis(
            start=start,
            end=end,
            granularity=granularity,
            sales=sales,
            receivables_start=_per_currency(ar_start),
            receivables_end=_per_currency(ar_end),
            collected=collected,
        )

    def _invoice_scope(self, principal: Principal) -> sa.ColumnElement[bool]:
        condition = self.access.visible_filter(principal, INVOICES, invoices)
        return sa.true() if condition is None else condition

    def _visible(self, spec: Spec, principal: Principal, stmt: sa.Select[Any]) -> sa.Select[Any]:
        condition = self.access.visible_filter(principal, spec.module, spec.table)
        return stmt if condition is None else stmt.where(condition)


def _per_currency(items: Sequence[OpenItem]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        if item.balance > 0:
            out[item.currency] += item.balance
    return dict(out)
