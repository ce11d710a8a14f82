"""Campaign routes: create, read, list, change (fields and status), delete; members and
their summary."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_chassis.money import decimal_str
from crm_chassis.pagination import ListParams
from crm_marketing.api.campaign_schemas import (
    CampaignCreate,
    CampaignListQuery,
    CampaignOut,
    CampaignPatch,
    MemberListQuery,
    MemberOut,
    MemberPatch,
    MembersAdd,
    MembersOut,
    SummaryOut,
)
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.campaign_members import CampaignMember, MemberRef, MemberSummary
from crm_marketing.domain.campaigns import CAMPAIGN_STATUS, EDITABLE, Campaign
from crm_marketing.domain.commands import (
    AddCampaignMembers,
    CreateCampaign,
    DeleteCampaign,
    RemoveCampaignMember,
    SetMemberStatus,
    SummarizeMembers,
    UpdateCampaign,
)
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.campaign_queries import FILTERS, MEMBER_FILTERS

BASE = "/api/marketing/v1/campaigns"
VIEW = (CAMPAIGNS, "view")
EDIT = (CAMPAIGNS, "edit")

bp = Blueprint("campaigns", tag="campaigns")


def _app() -> Marketing:
    return service(Marketing)


def campaign_out(c: Campaign) -> dict[str, Any]:
    body: dict[str, Any] = {n: getattr(c, n) for n in EDITABLE}
    for name in ("budget", "actual_cost", "expected_revenue"):
        body[name] = decimal_str(getattr(c, name))
    body.update(
        id=c.id,
        status=c.status,
        allowed_next=list(CAMPAIGN_STATUS.allowed(c.status)),
        created_by=c.created_by,
        created_at=c.created_at,
        updated_at=c.updated_at,
        version=c.version,
    )
    return body


def _shown(c: Campaign) -> dict[str, Any]:
    fields = _app().access.fields(context.principal(), CAMPAIGNS)
    body = fields.redact(campaign_out(c))
    if "status" not in body:  # derived from the status: hidden with it
        body.pop("allowed_next", None)
    return body


def _reread(campaign_id: UUID) -> Reply:
    campaign = _app().campaign_queries.get(context.principal(), campaign_id)
    return Reply(_shown(campaign), etag=campaign.version)


@bp.post(
    "/campaigns",
    body=CampaignCreate,
    response=CampaignOut,
    status=201,
    permission=(CAMPAIGNS, "create"),
)
def create_campaign(body: CampaignCreate) -> Reply:
    """Create a campaign (status Planning; owner: the caller unless named)."""
    campaign = _app().run(CreateCampaign(fields=body.to_fields()), caller=context.principal())
    reply = _reread(campaign.id)
    reply.location = f"{BASE}/{campaign.id}"
    return reply


@bp.get("/campaigns/<campaign_id>", response=CampaignOut, permission=VIEW)
def get_campaign(campaign_id: UUID) -> Reply:
    """One campaign (404 when absent, deleted or not visible to the caller)."""
    return _reread(campaign_id)


@bp.get("/campaigns", query=CampaignListQuery, response=Page[CampaignOut], permission=VIEW)
def list_campaigns(query: CampaignListQuery) -> dict[str, Any]:
    """List campaigns (sort created_at, updated_at, name; q= name, audience, sponsor)."""
    values = query.model_dump()
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
        filters={k: values[k] for k in FILTERS if values.get(k) is not None},
    )
    found, cursor = _app().campaign_queries.list(context.principal(), params)
    return {"items": [_shown(c) for c in found], "next_cursor": cursor}


@bp.patch("/campaigns/<campaign_id>", body=CampaignPatch, response=CampaignOut, permission=EDIT)
def patch_campaign(campaign_id: UUID, body: CampaignPatch) -> Reply:
    """Change fields and/or the status (409 with current_status/allowed_next)."""
    sent = frozenset(body.model_fields_set) - {"status", "reason"}
    command = UpdateCampaign(
        campaign_id=campaign_id,
        fields=body.to_fields(),
        sent=sent,
        status=body.status,
        reason=body.reason,
        expected_version=if_match(),
    )
    _app().run(command, caller=context.principal())
    return _reread(campaign_id)


@bp.delete("/campaigns/<campaign_id>", permission=(CAMPAIGNS, "delete"))
def delete_campaign(campaign_id: UUID) -> None:
    """Delete a campaign (its ROI credits stay for the reports of past periods)."""
    command = DeleteCampaign(campaign_id=campaign_id, expected_version=if_match())
    _app().run(command, caller=context.principal())


def member_out(m: CampaignMember) -> dict[str, Any]:
    return {
        "campaign_id": m.campaign_id,
        "type": m.member_type,
        "id": m.member_id,
        "response_status": m.response_status,
        "display_name": m.display_name,
        "added_by": m.added_by,
        "added_at": m.added_at,
        "updated_at": m.updated_at,
    }


@bp.post("/campaigns/<campaign_id>/members", body=MembersAdd, response=MembersOut, permission=EDIT)
def add_members(campaign_id: UUID, body: MembersAdd) -> dict[str, Any]:
    """Add leads and contacts by id (each checked in sales or contacts as the caller; 422
    names those the caller cannot see). Members already there are kept as they are."""
    command = AddCampaignMembers(
        campaign_id=campaign_id,
        members=tuple(MemberRef(m.type, m.id) for m in body.members),
        response_status=body.response_status,
        token=context.caller_token(),
    )
    members = _app().run(command, caller=context.principal())
    return {"items": [member_out(m) for m in members]}


@bp.get(
    "/campaigns/<campaign_id>/members",
    query=MemberListQuery,
    response=Page[MemberOut],
    permission=VIEW,
)
def list_members(campaign_id: UUID, query: MemberListQuery) -> dict[str, Any]:
    """A campaign's members (filters member_type, response_status)."""
    values = query.model_dump()
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        filters={k: values[k] for k in MEMBER_FILTERS if values.get(k) is not None},
    )
    found, cursor = _app().campaign_queries.members(context.principal(), campaign_id, params)
    return {"items": [member_out(m) for m in found], "next_cursor": cursor}


@bp.patch(
    "/campaigns/<campaign_id>/members/<member_type>/<member_id>",
    body=MemberPatch,
    response=MemberOut,
    permission=EDIT,
)
def patch_member(campaign_id: UUID, member_type: str, member_id: UUID, body: MemberPatch) -> Any:
    """Record a member's response status."""
    command = SetMemberStatus(
        campaign_id=campaign_id,
        member=MemberRef(member_type, member_id),
        response_status=body.response_status,
    )
    return member_out(_app().run(command, caller=context.principal()))


@bp.delete("/campaigns/<campaign_id>/members/<member_type>/<member_id>", permission=EDIT)
def remove_member(campaign_id: UUID, member_type: str, member_id: UUID) -> None:
    """Take a lead or contact off the campaign."""
    command = RemoveCampaignMember(
        campaign_id=campaign_id, member=MemberRef(member_type, member_id)
    )
    _app().run(command, caller=context.principal())


def summary_out(s: MemberSummary) -> dict[str, Any]:
    return {
        "campaign_id": s.campaign_id,
        "total": s.total,
        "leads": s.leads,
        "contacts": s.contacts,
        "by_status": [
            {"status": c.status, "count": c.count, "rate": None if c.rate is None else str(c.rate)}
            for c in s.by_status
        ],
        "contacted_rate": None if s.contacted_rate is None else str(s.contacted_rate),
        "response_rate": None if s.response_rate is None else str(s.response_rate),
    }


@bp.get("/campaigns/<campaign_id>/summary", response=SummaryOut, permission=VIEW)
def member_summary(campaign_id: UUID) -> dict[str, Any]:
    """Member counts per type and response status, with rates."""
    summary = _app().run(SummarizeMembers(campaign_id=campaign_id), caller=context.principal())
    return summary_out(summary)
