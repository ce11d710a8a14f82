"""Collections: AR ageing on a given date, and dunning levels.

Ageing (docs/domain.md): the open balance of each issued invoice (total minus the payments
allocated and credit notes issued up to the date) by days past its due date as of the
date: ``current`` (not due), ``1-30``, ``31-60``, ``61-90``, ``over 90``. Buckets of an
account add up to its balance, and accounts add up to the total, to the cent.

Dunning: an open invoice past due gets reminders at growing levels; each level is
reminded (and ``billing.invoice.overdue.v1`` emitted) once. A check that runs late
skips to the level the invoice has reached rather than sending every missed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from crm_chassis.money import ZERO

BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")
#: (level, first day past due it applies); level 1 the day after the due date.
DUNNING_LEVELS: tuple[tuple[int, int], ...] = ((1, 1), (2, 15), (3, 30), (4, 60))


def bucket_for(days_past_due: int) -> str:
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "1_30"
    if days_past_due <= 60:
        return "31_60"
    if days_past_due <= 90:
        return "61_90"
    return "over_90"


def dunning_level(days_past_due: int) -> int:
    """The reminder level an invoice this many days past due has reached (0: none)."""
    level = 0
    for lvl, first_day in DUNNING_LEVELS:
        if days_past_due >= first_day:
            level = lvl
    return level


@dataclass(frozen=True)
class Reminder:
    """A dunning reminder sent for an invoice (one per level)."""

    invoice_id: UUID
    level: int
    reminded_on: date
    days_overdue: int


@dataclass(frozen=True)
class OverdueResult:
    """One pass of the overdue check: invoices looked at, reminders recorded."""

    checked: int
    reminders: int


@dataclass(frozen=True)
class OpenItem:
    """What ageing needs of one invoice as of the report date."""

    invoice_id: UUID
    account_id: UUID
    currency: str
    due_date: date
    total: Decimal
    paid: Decimal
    credited: Decimal

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid - self.credited


@dataclass
class AgeingRow:
    currency: str
    account_id: UUID | None = None
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))
    invoices: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)

    def add(self, bucket: str, amount: Decimal) -> None:
        self.buckets[bucket] += amount
        self.invoices += 1


@dataclass(frozen=True)
class Ageing:
    as_of: date
    accounts: list[AgeingRow]
    totals: list[AgeingRow]  # one per currency


def ageing(items: Iterable[OpenItem], as_of: date) -> Ageing:
    """Bucket open balances per account and currency, and in total per currency."""
    per_account: dict[tuple[UUID, str], AgeingRow] = {}
    totals: dict[str, AgeingRow] = {}
    for item in items:
        balance = item.balance
        if balance <= 0:
            continue
        bucket = bucket_for((as_of - item.due_date).days)
        key = (item.account_id, item.currency)
        row = per_account.setdefault(key, AgeingRow(item.currency, item.account_id))
        row.add(bucket, balance)
        totals.setdefault(item.currency, AgeingRow(item.currency)).add(bucket, balance)
    accounts = sorted(per_account.values(), key=lambda r: (r.currency, -r.total, str(r.account_id)))
    return Ageing(as_of, accounts, [totals[c] for c in sorted(totals)])
