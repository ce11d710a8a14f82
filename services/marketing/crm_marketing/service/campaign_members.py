"""Campaign member use cases: add and remove leads and contacts, set a member's response
status, and the summary (counts and rates per status).

Who the ids name is asked of sales and contacts with the caller's own token before the
transaction: an id that does not exist and one the caller may not see are the same 422
naming the ids (no existence leak). Adding a member twice, even in two requests at once, is
one row (the members' primary key) and one ``member_added`` event.
"""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, InvalidFields, RecordNotFound
from crm_marketing.domain.campaign_members import (
    CampaignMember,
    MemberSummary,
    check_member_status,
    check_refs,
    summarize,
)
from crm_marketing.domain.campaign_ports import MemberDirectory
from crm_marketing.domain.commands import (
    AddCampaignMembers,
    RemoveCampaignMember,
    SetMemberStatus,
    SummarizeMembers,
)
from crm_marketing.domain.picklists import NOT_CONTACTED
from crm_marketing.service.access import CAMPAIGNS, caller_id
from crm_marketing.service.campaign_rules import CampaignRules
from crm_marketing.service.campaigns import visible_campaign
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

NAME_LIMIT = 255


def add_campaign_members(
    cmd: AddCampaignMembers,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    member_directory: MemberDirectory,
    caller: Principal,
) -> tuple[CampaignMember, ...]:
    """Add the named leads and contacts; those already members stay as they are."""
    access.require(caller, CAMPAIGNS, "edit")
    refs = check_refs(cmd.members)
    status = check_member_status(cmd.response_status or NOT_CONTACTED)
    with uow() as tx:  # 404/403 on the campaign before asking anyone about the members
        visible_campaign(tx, access, caller, cmd.campaign_id, "edit")
    names = member_directory.names(refs, token=cmd.token)
    unknown = [r for r in refs if r not in names]
    if unknown:
        raise InvalidFields(
            [
                FieldError(f"members[{refs.index(r)}].id", f"is not a {r.member_type} you can see")
                for r in unknown
            ]
        )
    now = campaign_rules.now()
    wanted = [
        CampaignMember(
            campaign_id=cmd.campaign_id,
            member_type=r.member_type,
            member_id=r.member_id,
            added_at=now,
            updated_at=now,
            added_by=caller_id(caller),
            response_status=status,
            display_name=(names[r] or None) and names[r][:NAME_LIMIT],
        )
        for r in refs
    ]
    with uow() as tx:
        campaign = visible_campaign(tx, access, caller, cmd.campaign_id, "edit")
        for member in tx.members.add_new(wanted):
            campaign.member_added(member)
        present = {m.ref: m for m in tx.members.of(cmd.campaign_id, refs)}
    return tuple(present[r] for r in refs if r in present)


def remove_campaign_member(
    cmd: RemoveCampaignMember,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    caller: Principal,
) -> None:
    """Take a lead or contact off the campaign (404 when it is not a member)."""
    access.require(caller, CAMPAIGNS, "edit")
    with uow() as tx:
        campaign = visible_campaign(tx, access, caller, cmd.campaign_id, "edit")
        member = tx.members.get(cmd.campaign_id, cmd.member)
        if member is None:
            raise RecordNotFound("Campaign member", cmd.member.member_id)
        tx.members.remove(member)
        campaign.member_removed(member, now=campaign_rules.now())


def set_member_status(
    cmd: SetMemberStatus,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    caller: Principal,
) -> CampaignMember:
    """Record a member's response (the pick list of docs/domain.md)."""
    access.require(caller, CAMPAIGNS, "edit")
    check_member_status(cmd.response_status)
    with uow() as tx:
        visible_campaign(tx, access, caller, cmd.campaign_id, "edit")
        member = tx.members.get(cmd.campaign_id, cmd.member)
        if member is None:
            raise RecordNotFound("Campaign member", cmd.member.member_id)
        if member.set_status(cmd.response_status, now=campaign_rules.now()):
            tx.members.save(member)
    return member


def summarize_members(
    cmd: SummarizeMembers, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> MemberSummary:
    """Counts per member type and response status, with rates (one GROUP BY)."""
    access.require(caller, CAMPAIGNS, "view")
    with uow() as tx:
        visible_campaign(tx, access, caller, cmd.campaign_id, "view")
        return summarize(cmd.campaign_id, tx.members.counts(cmd.campaign_id))
