"""Opportunities: the pipeline's deals, their stage history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.schemas.opportunities import (
    OpportunityCreate,
    OpportunityListQuery,
    OpportunityOut,
    OpportunityPatch,
    OpportunityReopen,
    StageChangeOut,
)
from crm_sales.api.schemas.parts import list_params, money, record
from crm_sales.domain.commands import (
    CreateOpportunity,
    DeleteOpportunity,
    ReopenOpportunity,
    UpdateOpportunity,
)
from crm_sales.domain.opportunities import Opportunity
from crm_sales.service import queries as q
from crm_sales.service.access import OPPORTUNITIES

bp = Blueprint("opportunities")
BASE = "/api/sales/v1/opportunities"


def opportunity_out(opportunity: Opportunity) -> dict[str, Any]:
    """An opportunity as the caller may see it; the amount with its currency."""
    amount = money(opportunity.amount, opportunity.currency)
    return record(opportunity, OpportunityOut, field_access(OPPORTUNITIES), amount=amount)


@bp.post(
    "/opportunities",
    body=OpportunityCreate,
    response=OpportunityOut,
    status=201,
    permission=(OPPORTUNITIES, "create"),
)
def create_opportunity(body: OpportunityCreate) -> Reply:
    """Create an opportunity."""
    opportunity = run(CreateOpportunity(body.to_fields(), body.sent, context.caller_token()))
    return Reply(
        opportunity_out(opportunity),
        location=f"{BASE}/{opportunity.id}",
        etag=opportunity.version,
    )


@bp.get(
    "/opportunities/<opportunity_id>",
    response=OpportunityOut,
    permission=(OPPORTUNITIES, "view"),
)
def get_opportunity(opportunity_id: UUID) -> Reply:
    """Get an opportunity."""
    opportunity = sales().queries.get(q.OPPORTUNITIES, context.principal(), opportunity_id)
    return Reply(opportunity_out(opportunity), etag=opportunity.version)


@bp.get(
    "/opportunities",
    query=OpportunityListQuery,
    response=Page[OpportunityOut],
    permission=(OPPORTUNITIES, "view"),
)
def list_opportunities(query: OpportunityListQuery) -> dict[str, Any]:
    """List opportunities."""
    found, cursor = sales().queries.list(q.OPPORTUNITIES, context.principal(), list_params(query))
    return {"items": [opportunity_out(x) for x in found], "next_cursor": cursor}


@bp.patch(
    "/opportunities/<opportunity_id>",
    body=OpportunityPatch,
    response=OpportunityOut,
    permission=(OPPORTUNITIES, "edit"),
)
def patch_opportunity(opportunity_id: UUID, body: OpportunityPatch) -> Reply:
    """Change an opportunity (a stage change is recorded in its history)."""
    command = UpdateOpportunity(
        opportunity_id, body.to_fields(), body.sent, if_match(), context.caller_token()
    )
    opportunity = run(command)
    return Reply(opportunity_out(opportunity), etag=opportunity.version)


@bp.post(
    "/opportunities/<opportunity_id>/reopen",
    body=OpportunityReopen,
    response=OpportunityOut,
    permission=(OPPORTUNITIES, "edit"),
)
def reopen_opportunity(opportunity_id: UUID, body: OpportunityReopen) -> Reply:
    """Reopen a closed deal into an open stage (the reason is kept in the stage history)."""
    command = ReopenOpportunity(opportunity_id, body.sales_stage, body.reason, if_match())
    opportunity = run(command)
    return Reply(opportunity_out(opportunity), etag=opportunity.version)


@bp.delete("/opportunities/<opportunity_id>", response=None, permission=(OPPORTUNITIES, "delete"))
def delete_opportunity(opportunity_id: UUID) -> None:
    """Delete an opportunity."""
    run(DeleteOpportunity(opportunity_id, if_match()))


@bp.get(
    "/opportunities/<opportunity_id>/stage-history",
    response=Page[StageChangeOut],
    permission=(OPPORTUNITIES, "view"),
)
def stage_history(opportunity_id: UUID) -> dict[str, Any]:
    """Stage history of an opportunity."""
    changes = sales().queries.stage_history(context.principal(), opportunity_id)
    return {"items": changes, "next_cursor": None}
