"""Scoring rule, assignment rule and report routes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Reply
from crm_sales.api import schemas as s
from crm_sales.api.mapping import jsonable
from crm_sales.bootstrap import Sales
from crm_sales.service import rules
from crm_sales.service.access import LEADS, OPPORTUNITIES


def _table(rows: list[dict[str, Any]], fmt: str, name: str) -> Reply:
    """A report as ``{"items": [...]}``; ``format=csv`` is rendered by :func:`as_csv`."""
    return Reply({"items": rows, "report": name})


def _may_export(app: Sales, module: str, fmt: str) -> None:
    """A CSV report is an export: it needs the module's export action (docs/domain.md step 5)."""
    if fmt == "csv":
        app.access.require(context.principal(), module, "export")


def as_csv(response: Any) -> Any:
    """after_request hook: render a JSON report as CSV when the caller asked for it."""
    from flask import request

    if (
        response.status_code != 200
        or request.args.get("format") != "csv"
        or "/reports/" not in request.path
        or response.mimetype != "application/json"
    ):
        return response
    data = json.loads(response.get_data())
    rows = data.get("items", [])
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    response.set_data(out.getvalue().encode())
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{data.get("report", "report")}.csv"'
    )
    return response


def register(api: Api, app: Sales) -> None:
    for kind, model, path in (
        ("scoring", s.ScoringRuleIn, "scoring-rules"),
        ("assignment", s.AssignmentRuleIn, "assignment-rules"),
    ):
        _register_rules(api, app, kind, model, path)

    @api.route(
        "/reports/pipeline",
        "GET",
        query=s.ReportQuery,
        permission=(OPPORTUNITIES, "view"),
        summary="Open pipeline by stage and owner (sum and weighted sum)",
    )
    def pipeline(query: s.ReportQuery) -> Any:
        _may_export(app, OPPORTUNITIES, query.format)
        return _table(app.reports.pipeline(context.principal()), query.format, "pipeline")

    @api.route(
        "/reports/forecast",
        "GET",
        query=s.ReportQuery,
        permission=(OPPORTUNITIES, "view"),
        summary="Forecast by expected close month",
    )
    def forecast(query: s.ReportQuery) -> Any:
        _may_export(app, OPPORTUNITIES, query.format)
        return _table(app.reports.forecast(context.principal()), query.format, "forecast")

    @api.route(
        "/reports/kpis",
        "GET",
        query=s.PeriodQuery,
        permission=(OPPORTUNITIES, "view"),
        summary="Conversion rates, win rate, average deal size, sales cycle length",
    )
    def kpis(query: s.PeriodQuery) -> Any:
        _may_export(app, OPPORTUNITIES, query.format)
        data = app.reports.kpis(context.principal(), query.date_from, query.date_to, query.owner_id)
        if query.format == "csv":
            flat = {k: v for k, v in data.items() if not isinstance(v, dict | list)}
            for item in data["average_deal_size"]:
                flat[f"average_deal_size_{item['currency']}"] = item["amount"]
            return _table([flat], "csv", "kpis")
        return Reply(data)

    for field, path in (("lead_source", "leads-by-source"), ("lead_status", "leads-by-status")):
        _register_leads_by(api, app, field, path)


def _register_leads_by(api: Api, app: Sales, field: str, path: str) -> None:
    def view(query: s.PeriodQuery) -> Any:
        _may_export(app, LEADS, query.format)
        rows = app.reports.leads_by(context.principal(), field, query.date_from, query.date_to)
        return _table(rows, query.format, path)

    view.__name__ = f"report_{field}"
    api.route(
        f"/reports/{path}",
        "GET",
        query=s.PeriodQuery,
        permission=(LEADS, "view"),
        summary=f"Leads by {field.replace('_', ' ')} and owner",
    )(view)


def _register_rules(api: Api, app: Sales, kind: str, model: type, path: str) -> None:
    def list_view() -> Reply:
        rows = rules.list_rules(app.uow, app.access, context.principal(), kind)
        return Reply({"items": jsonable(rows), "next_cursor": None})

    def create_view(body: Any) -> Reply:
        row = rules.create_rule(app.uow, app.access, context.principal(), kind, body.model_dump())
        return Reply(jsonable(row), status=201, location=f"/api/sales/v1/{path}/{row['id']}")

    def delete_view(rule_id: UUID) -> Reply:
        rules.delete_rule(app.uow, app.access, context.principal(), kind, rule_id)
        return Reply(None, status=204)

    for f in (list_view, create_view, delete_view):
        f.__name__ = f"{kind}_{f.__name__}"
    api.route(f"/{path}", "GET", permission=(LEADS, "view"), summary=f"List {kind} rules")(
        list_view
    )
    api.route(
        f"/{path}", "POST", body=model, status=201, summary=f"Add a {kind} rule (administrators)"
    )(create_view)
    api.route(
        f"/{path}/<rule_id>", "DELETE", status=204, summary=f"Delete a {kind} rule (administrators)"
    )(delete_view)
