"""Lead, prospect and conversion routes: parse, call one use case, map the result."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Reply, if_match
from crm_sales.api import schemas as s
from crm_sales.api.mapping import caller_token, filter_names, lead_fields, lead_out, list_params
from crm_sales.bootstrap import Sales
from crm_sales.service import imports
from crm_sales.service.access import LEADS, require_admin
from crm_sales.service.queries import LEADS as SPEC

BASE = "/api/sales/v1/leads"
FILTERS = filter_names(s.LeadListQuery)


def register(api: Api, app: Sales) -> None:
    def _out(lead: object) -> dict:
        return lead_out(lead, app.access.fields(context.principal(), LEADS))

    @api.route(
        "/leads",
        "POST",
        body=s.LeadCreate,
        status=201,
        permission=(LEADS, "create"),
        summary="Capture a lead (duplicates are flagged, rules score and assign it)",
    )
    def create_lead(body: s.LeadCreate) -> Reply:
        lead = app.create_lead(context.principal(), lead_fields(body))
        return Reply(_out(lead), status=201, location=f"{BASE}/{lead.id}", etag=lead.version)

    @api.route("/leads/<lead_id>", "GET", permission=(LEADS, "view"), summary="Get a lead")
    def get_lead(lead_id: UUID) -> Reply:
        lead = app.queries.get(SPEC, context.principal(), lead_id)
        return Reply(_out(lead), etag=lead.version)

    @api.route(
        "/leads",
        "GET",
        query=s.LeadListQuery,
        permission=(LEADS, "view"),
        summary="List leads (keyset; sort last_name, created_at, updated_at, score)",
    )
    def list_leads(query: s.LeadListQuery) -> Reply:
        items, cursor = app.queries.list(SPEC, context.principal(), list_params(query, FILTERS))
        return Reply({"items": [_out(x) for x in items], "next_cursor": cursor})

    @api.route(
        "/prospects",
        "GET",
        query=s.LeadListQuery,
        permission=(LEADS, "view"),
        summary="List prospects (qualified leads)",
    )
    def list_prospects(query: s.LeadListQuery) -> Reply:
        params = list_params(query, FILTERS)
        params.filters["is_prospect"] = True
        items, cursor = app.queries.list(SPEC, context.principal(), params)
        return Reply({"items": [_out(x) for x in items], "next_cursor": cursor})

    @api.route(
        "/leads/<lead_id>",
        "PATCH",
        body=s.LeadPatch,
        permission=(LEADS, "edit"),
        summary="Change some fields of a lead (409 once converted)",
    )
    def patch_lead(lead_id: UUID, body: s.LeadPatch) -> Reply:
        lead = app.update_lead(context.principal(), lead_id, lead_fields(body), if_match())
        return Reply(_out(lead), etag=lead.version)

    @api.route(
        "/leads/<lead_id>",
        "DELETE",
        status=204,
        permission=(LEADS, "delete"),
        summary="Delete a lead (not a converted one)",
    )
    def delete_lead(lead_id: UUID) -> Reply:
        app.delete_lead(context.principal(), lead_id, if_match())
        return Reply(None, status=204)

    @api.route(
        "/leads/<lead_id>/history",
        "GET",
        permission=(LEADS, "view"),
        summary="Status history of a lead (who and when)",
    )
    def lead_history(lead_id: UUID) -> Reply:
        rows = app.queries.history(context.principal(), lead_id)
        return Reply(
            {
                "items": [
                    {**r, "changed_at": r["changed_at"].isoformat().replace("+00:00", "Z")}
                    for r in rows
                ],
                "next_cursor": None,
            }
        )

    @api.route(
        "/leads/<lead_id>/assign",
        "POST",
        body=s.AssignBody,
        permission=(LEADS, "edit"),
        summary="Reassign a lead (null: apply the rules)",
    )
    def assign_lead(lead_id: UUID, body: s.AssignBody) -> Reply:
        lead = app.assign_lead(context.principal(), lead_id, body.owner_id, if_match())
        return Reply(_out(lead), etag=lead.version)

    @api.route(
        "/leads/<lead_id>/qualify",
        "POST",
        body=s.QualifyBody,
        permission=(LEADS, "edit"),
        summary="Make a lead a prospect",
    )
    def qualify_lead(lead_id: UUID, body: s.QualifyBody) -> Reply:
        lead = app.qualify_lead(context.principal(), lead_id, body.model_dump())
        return Reply(_out(lead), etag=lead.version)

    @api.route(
        "/leads/<lead_id>/convert",
        "POST",
        body=s.ConvertBody,
        status=201,
        permission=(LEADS, "edit"),
        summary="Convert a lead into an opportunity, account and contact (409 if done)",
    )
    def convert_lead(lead_id: UUID, body: s.ConvertBody) -> Reply:
        options = body.model_dump(exclude_unset=True)
        result = app.convert_lead(context.principal(), lead_id, options, caller_token())
        out = {
            k: (str(v) if v is not None and k != "existing_account" else v)
            for k, v in result.items()
        }
        out["converted_at"] = result["converted_at"].isoformat().replace("+00:00", "Z")
        location = (
            f"/api/sales/v1/opportunities/{result['opportunity_id']}"
            if result["opportunity_id"]
            else f"{BASE}/{lead_id}"
        )
        return Reply(out, status=201, location=location)

    @api.route(
        "/leads/stale-check",
        "POST",
        permission=(LEADS, "edit"),
        summary="Run the stale-lead check now (administrators)",
    )
    def stale_check() -> Reply:
        require_admin(app.access, context.principal())
        return Reply({"stale": app.check_stale_leads()})

    @api.route(
        "/leads/imports",
        "POST",
        body=s.ImportBody,
        permission=(LEADS, "import"),
        summary="Import leads from CSV (dry run; all rows or none)",
    )
    def import_leads(body: s.ImportBody) -> Reply:
        report = imports.import_leads(
            app.uow, app.access, context.principal(), body.csv, body.mapping, dry_run=body.dry_run
        )
        return Reply(report, status=200 if body.dry_run or report["rejected"] else 201)

    @api.route(
        "/conversion-mapping",
        "GET",
        permission=(LEADS, "view"),
        summary="The lead conversion mapping",
    )
    def get_mapping() -> Reply:
        return Reply({"rows": [asdict(r) for r in app.get_mapping(context.principal())]})

    @api.route(
        "/conversion-mapping",
        "PUT",
        body=s.MappingBody,
        summary="Replace the lead conversion mapping (administrators)",
    )
    def put_mapping(body: s.MappingBody) -> Reply:
        rows = app.put_mapping(context.principal(), [r.model_dump() for r in body.rows])
        return Reply({"rows": [asdict(r) for r in rows]})
