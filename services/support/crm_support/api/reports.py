"""Support statistics routes: open tickets, backlog ageing, response and resolution times
(business minutes), SLA breach rate and satisfaction, per period, agent, team or priority.

JSON, or CSV (``?format=csv`` or ``Accept: text/csv``). Read under the tickets module: the
caller's record scope and hidden fields apply (crm_support/service/reports.py).
"""

from __future__ import annotations

from typing import Any

from crm_chassis import context
from crm_chassis.http import Blueprint, service
from crm_support.api.contract_schemas import (
    BacklogOut,
    NowQuery,
    OpenTicketsOut,
    PerformanceOut,
    PeriodQuery,
)
from crm_support.api.report_tables import CSV_FILE, table
from crm_support.bootstrap import Support
from crm_support.domain.statistics import AGE_BUCKETS
from crm_support.service.access import TICKETS

bp = Blueprint("reports", tag="support reports")
VIEW = (TICKETS, "view")


def _counts(items: list[Any] | None) -> list[dict[str, Any]] | None:
    if items is None:
        return None
    return [{"key": c.key, "count": c.count, "kind": c.kind} for c in items]


@bp.get(
    "/reports/open-tickets",
    query=NowQuery,
    response=OpenTicketsOut,
    alternate=CSV_FILE,
    permission=VIEW,
    staff_only=True,
    summary="Open tickets by priority, status, owner and age",
)
def open_tickets(query: NowQuery) -> Any:
    reports = service(Support).reports
    now = reports.now()
    found = reports.open_tickets(context.principal(), now)
    body = {
        "as_of": now,
        "total": found.total,
        "by_priority": _counts(found.by_priority),
        "by_status": _counts(found.by_status),
        "by_owner": _counts(found.by_owner),
        "by_age": _counts(found.by_age),
    }
    body = {k: v for k, v in body.items() if v is not None}
    rows = [
        {"dimension": dimension, "key": c["key"], "kind": c["kind"], "count": c["count"]}
        for dimension in ("by_priority", "by_status", "by_owner", "by_age")
        for c in body.get(dimension, [])
    ]
    return table(body, rows, "open-tickets", query.format)


@bp.get(
    "/reports/backlog",
    query=NowQuery,
    response=BacklogOut,
    alternate=CSV_FILE,
    permission=VIEW,
    staff_only=True,
    summary="Backlog ageing: open tickets per priority and age bucket",
)
def backlog(query: NowQuery) -> Any:
    reports = service(Support).reports
    now = reports.now()
    matrix = reports.backlog(context.principal(), now)
    labels = [label for label, _, _ in AGE_BUCKETS]
    rows = [
        {
            "priority": key,
            "buckets": {b: counts.get(b, 0) for b in labels},
            "total": sum(counts.values()),
        }
        for key, counts in sorted(matrix.items())
    ]
    flat = [{"priority": r["priority"], **r["buckets"], "total": r["total"]} for r in rows]
    return table({"as_of": now, "buckets": labels, "rows": rows}, flat, "backlog", query.format)


@bp.get(
    "/reports/performance",
    query=PeriodQuery,
    response=PerformanceOut,
    alternate=CSV_FILE,
    permission=VIEW,
    staff_only=True,
    summary="First-response and resolution times (business minutes, average and median), "
    "SLA breach rate and satisfaction of tickets closed in a period, per group",
)
def performance(query: PeriodQuery) -> Any:
    rows = service(Support).reports.performance(
        context.principal(), query.from_, query.to, query.group_by, query.granularity
    )
    out = [_performance_out(r) for r in rows]
    body = {
        "group_by": query.group_by,
        "granularity": query.granularity,
        "start": query.from_,
        "end": query.to,
        "rows": out,
    }
    return table(body, [_flat(r) for r in out], "performance", query.format)


def _times(figures: Any) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {
        "count": figures.count,
        "average_minutes": figures.average,
        "median_minutes": figures.median,
    }


def _performance_out(r: Any) -> dict[str, Any]:
    return {
        "key": r.key,
        "closed": r.closed,
        "first_response": _times(r.first_response),
        "resolution": _times(r.resolution),
        "sla_breach_rate": r.sla_breach_rate,
        "satisfaction": r.satisfaction,
    }


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    flat = {"key": r["key"], "closed": r["closed"]}
    for part in ("first_response", "resolution"):
        for name, value in (r[part] or {}).items():
            flat[f"{part}_{name}"] = value
    flat["sla_breach_rate"] = r["sla_breach_rate"]
    flat["satisfaction"] = r["satisfaction"]
    return flat
