"""Opportunity routes."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Reply, if_match
from crm_sales.api import schemas as s
from crm_sales.api.mapping import (
    filter_names,
    jsonable,
    list_params,
    opportunity_fields,
    opportunity_out,
)
from crm_sales.bootstrap import Sales
from crm_sales.service.access import OPPORTUNITIES
from crm_sales.service.queries import OPPORTUNITIES as SPEC

BASE = "/api/sales/v1/opportunities"
FILTERS = filter_names(s.OpportunityListQuery)


def register(api: Api, app: Sales) -> None:
    def _out(opp: object) -> dict:
        return opportunity_out(opp, app.access.fields(context.principal(), OPPORTUNITIES))

    @api.route(
        "/opportunities",
        "POST",
        body=s.OpportunityCreate,
        status=201,
        permission=(OPPORTUNITIES, "create"),
        summary="Create an opportunity",
    )
    def create_opportunity(body: s.OpportunityCreate) -> Reply:
        opp = app.create_opportunity(context.principal(), opportunity_fields(body))
        return Reply(_out(opp), status=201, location=f"{BASE}/{opp.id}", etag=opp.version)

    @api.route(
        "/opportunities/<opportunity_id>",
        "GET",
        permission=(OPPORTUNITIES, "view"),
        summary="Get an opportunity",
    )
    def get_opportunity(opportunity_id: UUID) -> Reply:
        opp = app.queries.get(SPEC, context.principal(), opportunity_id)
        return Reply(_out(opp), etag=opp.version)

    @api.route(
        "/opportunities",
        "GET",
        query=s.OpportunityListQuery,
        permission=(OPPORTUNITIES, "view"),
        summary="List opportunities",
    )
    def list_opportunities(query: s.OpportunityListQuery) -> Reply:
        items, cursor = app.queries.list(SPEC, context.principal(), list_params(query, FILTERS))
        return Reply({"items": [_out(x) for x in items], "next_cursor": cursor})

    @api.route(
        "/opportunities/<opportunity_id>",
        "PATCH",
        body=s.OpportunityPatch,
        permission=(OPPORTUNITIES, "edit"),
        summary="Change an opportunity (a stage change is recorded in its history)",
    )
    def patch_opportunity(opportunity_id: UUID, body: s.OpportunityPatch) -> Reply:
        opp = app.update_opportunity(
            context.principal(), opportunity_id, opportunity_fields(body), if_match()
        )
        return Reply(_out(opp), etag=opp.version)

    @api.route(
        "/opportunities/<opportunity_id>",
        "DELETE",
        status=204,
        permission=(OPPORTUNITIES, "delete"),
        summary="Delete an opportunity",
    )
    def delete_opportunity(opportunity_id: UUID) -> Reply:
        app.delete_opportunity(context.principal(), opportunity_id, if_match())
        return Reply(None, status=204)

    @api.route(
        "/opportunities/<opportunity_id>/stage-history",
        "GET",
        permission=(OPPORTUNITIES, "view"),
        summary="Stage history of an opportunity",
    )
    def stage_history(opportunity_id: UUID) -> Reply:
        rows = app.queries.stage_history(context.principal(), opportunity_id)
        return Reply({"items": jsonable(rows), "next_cursor": None})
