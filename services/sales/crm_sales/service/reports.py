"""Sales reports: pipeline, forecast, KPIs (docs/domain.md definitions), leads by source/status.

Every query applies the caller's record scope in SQL, so a report shows only what its reader
may see. Amounts are summed in Decimal per currency (no currency conversion here: deals in
different currencies are reported side by side, never added together).

- Weighted pipeline: sum of amount x probability over open deals; lost deals count zero.
- Win rate: won / (won + lost) closed in the period.
- Average deal size: mean won amount by close date (per currency).
- Lead conversion rate: leads converted / leads created, same cohort (created in period).
- Opportunity-to-won rate: of opportunities created in the period, the share now won.
- Sales cycle length: mean days from creation to close of the deals won in the period.

Hidden fields stay hidden (docs/api-conventions.md): when the opportunity ``amount`` is
hidden from the caller, the sums that would reveal it (``amount``, ``weighted_amount``,
``average_deal_size``) are left out of that caller's rows; a hidden ``probability`` leaves
out ``weighted_amount``; grouping leads by a hidden field is 403 naming it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_access.field_queries import check_query_fields
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_sales.adapters.tables import leads, opportunities
from crm_sales.domain.picklists import CLOSED_LOST, CLOSED_WON, SALES_STAGES
from crm_sales.domain.pricing import cents
from crm_sales.service.access import LEADS, OPPORTUNITIES

ZERO = Decimal("0.00")


def _start(d: date | None) -> datetime | None:
    return datetime.combine(d, time.min, tzinfo=UTC) if d else None


def _end(d: date | None) -> datetime | None:
    return datetime.combine(d, time.max, tzinfo=UTC) if d else None


def _ratio(part: int, whole: int) -> str | None:
    return None if whole == 0 else str((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")))


def _average_deal_sizes(won: list[Any]) -> list[dict[str, str]]:
    """The mean won amount per currency (deals in different currencies are never added)."""
    by_currency: dict[str, list[Decimal]] = defaultdict(list)
    for r in won:
        by_currency[r.currency].append(Decimal(r.amount) if r.amount else ZERO)
    return [
        {"currency": c, "amount": str(cents(sum(v, ZERO) / len(v)))}
        for c, v in sorted(by_currency.items())
    ]


def _cycle_days(won: list[Any]) -> str | None:
    """Mean days from creation to close of the won deals."""
    cycle = [(r.closed_at - r.created_at).total_seconds() / 86400 for r in won if r.closed_at]
    return None if not cycle else str(Decimal(sum(cycle) / len(cycle)).quantize(Decimal("0.1")))


@dataclass(frozen=True)
class Period:
    """A report's period (either end open) and, optionally, one owner's records."""

    start: datetime | None
    end: datetime | None
    owner_id: UUID | None = None

    def within(self, column: Any) -> tuple[Any, Any]:
        return (
            column >= self.start if self.start else None,
            column <= self.end if self.end else None,
        )

    def owned(self, table: sa.Table) -> Any:
        return table.c.owner_id == self.owner_id if self.owner_id else None


def _without(rows: list[dict[str, Any]], gone: set[str]) -> list[dict[str, Any]]:
    return rows if not gone else [{k: v for k, v in r.items() if k not in gone} for r in rows]


class Reports:
    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def hidden_sums(self, principal: Principal) -> set[str]:
        """The report sums that would reveal an opportunity field hidden from the caller."""
        fields = self.access.fields(principal, OPPORTUNITIES)
        gone = set()
        if not fields.visible("amount"):
            gone |= {"amount", "weighted_amount", "average_deal_size"}
        if not fields.visible("probability"):
            gone.add("weighted_amount")
        return gone

    def _rows(
        self,
        principal: Principal,
        module: str,
        table: sa.Table,
        columns: list[Any],
        *conditions: Any,
    ) -> list[Any]:
        self.access.require(principal, module, "view")
        stmt = sa.select(*columns)
        scope = self.access.visible_filter(principal, module, table)
        if scope is not None:
            stmt = stmt.where(scope)
        for c in conditions:
            if c is not None:
                stmt = stmt.where(c)
        with self.db.reading() as session:
            return list(session.execute(stmt))

    def may_report(self, principal: Principal, module: str, export: bool) -> None:
        """A report shows what the caller may see; as CSV it is an export (docs/domain.md, 5)."""
        self.access.require(principal, module, "view")
        if export:
            self.access.require(principal, module, "export")

    def pipeline(self, principal: Principal, *, export: bool = False) -> list[dict[str, Any]]:
        """Open deals by stage and owner: count, sum and weighted sum per currency."""
        self.may_report(principal, OPPORTUNITIES, export)
        o = opportunities
        found = self._rows(
            principal,
            OPPORTUNITIES,
            o,
            [o.c.sales_stage, o.c.owner_id, o.c.currency, o.c.amount, o.c.probability],
            o.c.sales_stage.not_in([CLOSED_WON, CLOSED_LOST]),
        )
        groups: dict[tuple, dict[str, Any]] = {}
        for r in found:
            key = (r.sales_stage, str(r.owner_id) if r.owner_id else None, r.currency)
            g = groups.setdefault(key, {"count": 0, "amount": ZERO, "weighted": ZERO})
            amount = Decimal(r.amount) if r.amount else ZERO
            g["count"] += 1
            g["amount"] += amount
            g["weighted"] += amount * Decimal(r.probability) / 100
        order = list(SALES_STAGES)
        out = []
        for (stage, owner, currency), g in sorted(
            groups.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1] or "", kv[0][2])
        ):
            out.append(
                {
                    "sales_stage": stage,
                    "owner_id": owner,
                    "currency": currency,
                    "count": g["count"],
                    "amount": str(cents(g["amount"])),
                    "weighted_amount": str(cents(g["weighted"])),
                }
            )
        return _without(out, self.hidden_sums(principal))

    def forecast(self, principal: Principal, *, export: bool = False) -> list[dict[str, Any]]:
        """Open deals by expected close month: sum and weighted sum per currency."""
        self.may_report(principal, OPPORTUNITIES, export)
        o = opportunities
        found = self._rows(
            principal,
            OPPORTUNITIES,
            o,
            [o.c.expected_close_date, o.c.currency, o.c.amount, o.c.probability],
            o.c.sales_stage.not_in([CLOSED_WON, CLOSED_LOST]),
        )
        groups: dict[tuple, dict[str, Any]] = {}
        for r in found:
            month = r.expected_close_date.strftime("%Y-%m") if r.expected_close_date else None
            g = groups.setdefault(
                (month, r.currency), {"count": 0, "amount": ZERO, "weighted": ZERO}
            )
            amount = Decimal(r.amount) if r.amount else ZERO
            g["count"] += 1
            g["amount"] += amount
            g["weighted"] += amount * Decimal(r.probability) / 100
        out = [
            {
                "month": m,
                "currency": c,
                "count": g["count"],
                "amount": str(cents(g["amount"])),
                "weighted_amount": str(cents(g["weighted"])),
            }
            for (m, c), g in sorted(groups.items(), key=lambda kv: (kv[0][0] or "9999", kv[0][1]))
        ]
        return _without(out, self.hidden_sums(principal))

    def kpis(
        self,
        principal: Principal,
        start: date | None,
        end: date | None,
        owner_id: UUID | None = None,
        *,
        export: bool = False,
    ) -> dict[str, Any]:
        """docs/domain.md's KPIs for leads created and deals closed in the period."""
        self.may_report(principal, OPPORTUNITIES, export)
        if owner_id is not None:
            for module in (OPPORTUNITIES, LEADS):
                check_query_fields(
                    self.access.fields(principal, module), {"owner_id": ["owner_id"]}
                )
        period = Period(_start(start), _end(end), owner_id)
        cohort = self._leads_created(principal, period)
        converted = sum(1 for r in cohort if r.converted)
        closed = self._deals_closed(principal, period)
        won = [r for r in closed if r.sales_stage == CLOSED_WON]
        created = self._deals_created(principal, period)
        won_of_created = sum(1 for r in created if r.sales_stage == CLOSED_WON)
        found = {
            "period": {
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
            },
            "leads_created": len(cohort),
            "leads_converted": converted,
            "lead_conversion_rate": _ratio(converted, len(cohort)),
            "opportunities_created": len(created),
            "opportunities_won_of_created": won_of_created,
            "opportunity_to_won_rate": _ratio(won_of_created, len(created)),
            "won": len(won),
            "lost": len(closed) - len(won),
            "win_rate": _ratio(len(won), len(closed)),
            "average_deal_size": _average_deal_sizes(won),
            "sales_cycle_days": _cycle_days(won),
        }
        return _without([found], self.hidden_sums(principal))[0]

    def _leads_created(self, principal: Principal, period: Period) -> list[Any]:
        ld = leads
        return self._rows(
            principal,
            LEADS,
            ld,
            [ld.c.converted],
            *period.within(ld.c.created_at),
            period.owned(ld),
        )

    def _deals_closed(self, principal: Principal, period: Period) -> list[Any]:
        o = opportunities
        return self._rows(
            principal,
            OPPORTUNITIES,
            o,
            [o.c.sales_stage, o.c.amount, o.c.currency, o.c.created_at, o.c.closed_at],
            o.c.sales_stage.in_([CLOSED_WON, CLOSED_LOST]),
            *period.within(o.c.closed_at),
            period.owned(o),
        )

    def _deals_created(self, principal: Principal, period: Period) -> list[Any]:
        o = opportunities
        return self._rows(
            principal,
            OPPORTUNITIES,
            o,
            [o.c.sales_stage],
            *period.within(o.c.created_at),
            period.owned(o),
        )

    def leads_by(
        self,
        principal: Principal,
        field: str,
        start: date | None,
        end: date | None,
        *,
        export: bool = False,
    ) -> list[dict[str, Any]]:
        """Lead counts by source or status (and owner), with converted counts."""
        ld = leads
        col = ld.c[field]
        s, e = _start(start), _end(end)
        self.may_report(principal, LEADS, export)
        check_query_fields(self.access.fields(principal, LEADS), {field: (field,)})
        stmt = sa.select(
            col.label("value"),
            ld.c.owner_id,
            sa.func.count().label("n"),
            sa.func.sum(sa.case((ld.c.converted.is_(True), 1), else_=0)).label("converted"),
        ).group_by(col, ld.c.owner_id)
        scope = self.access.visible_filter(principal, LEADS, ld)
        for c in (scope, ld.c.created_at >= s if s else None, ld.c.created_at <= e if e else None):
            if c is not None:
                stmt = stmt.where(c)
        with self.db.reading() as session:
            found = list(session.execute(stmt))
        return [
            {
                field: r.value,
                "owner_id": str(r.owner_id) if r.owner_id else None,
                "count": r.n,
                "converted": int(r.converted or 0),
            }
            for r in sorted(found, key=lambda r: (r.value or "", str(r.owner_id)))
        ]

    def prospects(self, principal: Principal) -> list[dict[str, Any]]:
        """Prospects (qualified leads, not yet converted) by interest level and owner.

        Budgets and potential values are summed per currency (the lead's revenue currency,
        EUR when it has none): prospects are reported apart from raw leads.
        """
        ld = leads
        found = self._rows(
            principal,
            LEADS,
            ld,
            [
                ld.c.interest_level,
                ld.c.owner_id,
                ld.c.annual_revenue_currency,
                ld.c.budget,
                ld.c.potential_value,
            ],
            ld.c.is_prospect.is_(True),
            ld.c.converted.is_(False),
        )
        groups: dict[tuple, dict[str, Any]] = {}
        for r in found:
            key = (
                r.interest_level,
                str(r.owner_id) if r.owner_id else None,
                r.annual_revenue_currency or "EUR",
            )
            g = groups.setdefault(key, {"count": 0, "budget": ZERO, "potential": ZERO})
            g["count"] += 1
            g["budget"] += Decimal(r.budget) if r.budget else ZERO
            g["potential"] += Decimal(r.potential_value) if r.potential_value else ZERO
        return [
            {
                "interest_level": level,
                "owner_id": owner,
                "currency": currency,
                "count": g["count"],
                "budget": str(cents(g["budget"])),
                "potential_value": str(cents(g["potential"])),
            }
            for (level, owner, currency), g in sorted(
                groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "", kv[0][2])
            )
        ]
