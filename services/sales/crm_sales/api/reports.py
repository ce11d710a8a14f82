"""Reports: JSON, or with ``format=csv`` the same items as a CSV file (an export)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from crm_chassis import context
from crm_chassis.csvsafe import safe_dict
from crm_chassis.http import Blueprint, File, FileReply
from crm_sales.api.caller import sales
from crm_sales.api.schemas.reports import (
    ForecastReport,
    KpisOut,
    LeadsBySourceReport,
    LeadsByStatusReport,
    PeriodQuery,
    PipelineReport,
    ReportQuery,
)
from crm_sales.service.access import LEADS, OPPORTUNITIES

bp = Blueprint("reports")
CSV = "csv"
CSV_FILE = File("text/csv", "The report as CSV (format=csv; an export)")


def table(rows: Sequence[Mapping[str, Any]], name: str, fmt: str) -> Any:
    """A report's rows: ``{"items", "report"}``, or a CSV file named after the report.

    The CSV answers the route's one success status too; its media type is the caller's
    choice (``format=csv``), a second representation each report route declares.
    """
    if fmt != CSV:
        return {"items": list(rows), "report": name}
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(safe_dict(row) for row in rows)
    return FileReply(out.getvalue().encode(), filename=f"{name}.csv")


@bp.get(
    "/reports/pipeline",
    query=ReportQuery,
    response=PipelineReport,
    alternate=CSV_FILE,
    permission=(OPPORTUNITIES, "view"),
    summary="Open pipeline by stage and owner (sum and weighted sum)",
)
def pipeline(query: ReportQuery) -> Any:
    rows = sales().reports.pipeline(context.principal(), export=query.format == CSV)
    return table(rows, "pipeline", query.format)


@bp.get(
    "/reports/forecast",
    query=ReportQuery,
    response=ForecastReport,
    alternate=CSV_FILE,
    permission=(OPPORTUNITIES, "view"),
    summary="Forecast by expected close month",
)
def forecast(query: ReportQuery) -> Any:
    rows = sales().reports.forecast(context.principal(), export=query.format == CSV)
    return table(rows, "forecast", query.format)


@bp.get(
    "/reports/kpis",
    query=PeriodQuery,
    response=KpisOut,
    alternate=CSV_FILE,
    permission=(OPPORTUNITIES, "view"),
    summary="Conversion rates, win rate, average deal size, sales cycle length, marketing ROI",
)
def kpis(query: PeriodQuery) -> Any:
    found = sales().reports.kpis(
        context.principal(),
        query.date_from,
        query.date_to,
        query.owner_id,
        export=query.format == CSV,
    )
    found["marketing_roi"] = sales().marketing_roi.section(
        query.date_from, query.date_to, token=context.caller_token()
    )
    if query.format != CSV:
        return found
    flat = {k: v for k, v in found.items() if not isinstance(v, dict | list)}
    for size in found.get("average_deal_size", []):  # absent: amount hidden
        flat[f"average_deal_size_{size['currency']}"] = size["amount"]
    return table([flat], "kpis", CSV)


@bp.get(
    "/reports/leads-by-source",
    query=PeriodQuery,
    response=LeadsBySourceReport,
    alternate=CSV_FILE,
    permission=(LEADS, "view"),
    summary="Leads by lead source and owner",
)
def leads_by_source(query: PeriodQuery) -> Any:
    return _leads_by("lead_source", "leads-by-source", query)


@bp.get(
    "/reports/leads-by-status",
    query=PeriodQuery,
    response=LeadsByStatusReport,
    alternate=CSV_FILE,
    permission=(LEADS, "view"),
    summary="Leads by lead status and owner",
)
def leads_by_status(query: PeriodQuery) -> Any:
    return _leads_by("lead_status", "leads-by-status", query)


def _leads_by(field: str, name: str, query: PeriodQuery) -> Any:
    rows = sales().reports.leads_by(
        context.principal(), field, query.date_from, query.date_to, export=query.format == CSV
    )
    return table(rows, name, query.format)
