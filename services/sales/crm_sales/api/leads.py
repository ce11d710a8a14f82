"""Leads and prospects: capture, change, assign, qualify, history, imports, stale check."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.schemas.leads import (
    AssignBody,
    ImportBody,
    ImportReportOut,
    LeadCreate,
    LeadListQuery,
    LeadOut,
    LeadPatch,
    QualifyBody,
    ReopenBody,
    StaleCheckOut,
    StatusChangeOut,
)
from crm_sales.api.schemas.parts import list_params, money, record
from crm_sales.domain.commands import (
    AssignLead,
    CheckStaleLeads,
    CreateLead,
    DeleteLead,
    ImportLeads,
    QualifyLead,
    ReopenLead,
    UpdateLead,
)
from crm_sales.domain.imports import ImportReport
from crm_sales.domain.leads import Lead
from crm_sales.service import queries as q
from crm_sales.service.access import ADMIN, LEADS

bp = Blueprint("leads")
BASE = "/api/sales/v1/leads"


def lead_out(lead: Lead) -> dict[str, Any]:
    """A lead as the caller may see it; its revenue with its currency."""
    revenue = money(lead.annual_revenue, lead.annual_revenue_currency)
    out = record(lead, LeadOut, field_access(LEADS), annual_revenue=revenue)
    if "score" not in out:  # a hidden score hides its parts too
        out.pop("score_breakdown", None)
    return out


@bp.post(
    "/leads",
    body=LeadCreate,
    response=LeadOut,
    status=201,
    permission=(LEADS, "create"),
    summary="Capture a lead (duplicates are flagged, rules score and assign it)",
)
def create_lead(body: LeadCreate) -> Reply:
    lead = run(CreateLead(body.to_fields(), body.sent, auto_assign=body.auto_assign))
    return Reply(lead_out(lead), location=f"{BASE}/{lead.id}", etag=lead.version)


@bp.get("/leads/<lead_id>", response=LeadOut, permission=(LEADS, "view"))
def get_lead(lead_id: UUID) -> Reply:
    """Get a lead."""
    lead = sales().queries.get(q.LEADS, context.principal(), lead_id)
    return Reply(lead_out(lead), etag=lead.version)


@bp.get(
    "/leads",
    query=LeadListQuery,
    response=Page[LeadOut],
    permission=(LEADS, "view"),
    summary="List leads (keyset; sort last_name, created_at, updated_at, score)",
)
def list_leads(query: LeadListQuery) -> dict[str, Any]:
    found, cursor = sales().queries.list(q.LEADS, context.principal(), list_params(query))
    return {"items": [lead_out(x) for x in found], "next_cursor": cursor}


@bp.get("/prospects", query=LeadListQuery, response=Page[LeadOut], permission=(LEADS, "view"))
def list_prospects(query: LeadListQuery) -> dict[str, Any]:
    """List prospects (qualified leads)."""
    params = list_params(query, is_prospect=True)
    found, cursor = sales().queries.list(q.LEADS, context.principal(), params)
    return {"items": [lead_out(x) for x in found], "next_cursor": cursor}


@bp.patch("/leads/<lead_id>", body=LeadPatch, response=LeadOut, permission=(LEADS, "edit"))
def patch_lead(lead_id: UUID, body: LeadPatch) -> Reply:
    """Change some fields of a lead (409 once converted)."""
    lead = run(UpdateLead(lead_id, body.to_fields(), body.sent, if_match()))
    return Reply(lead_out(lead), etag=lead.version)


@bp.delete("/leads/<lead_id>", response=None, permission=(LEADS, "delete"))
def delete_lead(lead_id: UUID) -> None:
    """Delete a lead (not a converted one)."""
    run(DeleteLead(lead_id, if_match()))


@bp.get(
    "/leads/<lead_id>/history",
    response=Page[StatusChangeOut],
    permission=(LEADS, "view"),
)
def lead_history(lead_id: UUID) -> dict[str, Any]:
    """Status history of a lead (who and when)."""
    changes = sales().queries.history(context.principal(), lead_id)
    return {"items": changes, "next_cursor": None}


@bp.post(
    "/leads/<lead_id>/assign",
    body=AssignBody,
    response=LeadOut,
    permission=(LEADS, "edit"),
)
def assign_lead(lead_id: UUID, body: AssignBody) -> Reply:
    """Reassign a lead (null: apply the rules)."""
    lead = run(AssignLead(lead_id, body.owner_id, if_match()))
    return Reply(lead_out(lead), etag=lead.version)


@bp.post(
    "/leads/<lead_id>/qualify",
    body=QualifyBody,
    response=LeadOut,
    permission=(LEADS, "edit"),
)
def qualify_lead(lead_id: UUID, body: QualifyBody) -> Reply:
    """Make a lead a prospect."""
    lead = run(QualifyLead(lead_id, body.interest_level, body.budget, body.potential_value))
    return Reply(lead_out(lead), etag=lead.version)


@bp.post(
    "/leads/<lead_id>/reopen",
    body=ReopenBody,
    response=LeadOut,
    permission=(LEADS, "edit"),
)
def reopen_lead(lead_id: UUID, body: ReopenBody) -> Reply:
    """Reopen a Lost Lead or Junk Lead (the reason is kept in its status history)."""
    lead = run(ReopenLead(lead_id, body.lead_status, body.reason))
    return Reply(lead_out(lead), etag=lead.version)


@bp.post("/leads/stale-check", response=StaleCheckOut, permission=ADMIN)
def stale_check() -> StaleCheckOut:
    """Run the stale-lead check now (administrators)."""
    return StaleCheckOut(stale=sales().run(CheckStaleLeads(), caller=context.principal()))


@bp.post(
    "/leads/imports",
    body=ImportBody,
    response=ImportReportOut,
    permission=(LEADS, "import"),
    summary="Import leads from CSV (dry run; all rows or none; the report answers 200)",
)
def import_leads(body: ImportBody) -> dict[str, Any]:
    return import_report(run(ImportLeads(body.csv, body.mapping, dry_run=body.dry_run)))


def import_report(report: ImportReport) -> dict[str, Any]:
    rejected = [
        {"line": r.line, "errors": [{"field": e.field, "message": e.message} for e in r.errors]}
        for r in report.rejected
    ]
    return {
        "dry_run": report.dry_run,
        "total": report.total,
        "accepted": report.accepted,
        "rejected": rejected,
        "created_ids": report.created_ids,
    }
