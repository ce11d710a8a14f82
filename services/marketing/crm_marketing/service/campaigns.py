"""Campaign use cases: create, change (fields and status), delete.

Authorisation first (module, then record, then fields), then the fields (422 naming every
bad one), then the write, all in one transaction with its events.
"""

from __future__ import annotations

import dataclasses
import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound
from crm_marketing.domain.campaigns import Campaign
from crm_marketing.domain.commands import CreateCampaign, DeleteCampaign, UpdateCampaign
from crm_marketing.service.access import CAMPAIGNS, caller_id
from crm_marketing.service.campaign_rules import CampaignRules
from crm_marketing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def create_campaign(
    cmd: CreateCampaign,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    caller: Principal,
) -> Campaign:
    """A new campaign in Planning, owned by ``owner_id`` or the caller."""
    access.require(caller, CAMPAIGNS, "create")
    given = [f.name for f in dataclasses.fields(cmd.fields) if getattr(cmd.fields, f.name)]
    access.check_writable(caller, CAMPAIGNS, given)
    fields = cmd.fields
    if fields.owner_id is None:
        fields = dataclasses.replace(fields, owner_id=caller_id(caller))
    else:
        access.check_owner(fields.owner_id)
    campaign = Campaign.create(
        id=uuid.uuid4(), now=campaign_rules.now(), created_by=caller_id(caller), fields=fields
    )
    with uow() as tx:
        tx.campaigns.add(campaign)
    return campaign


def update_campaign(
    cmd: UpdateCampaign,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    caller: Principal,
) -> Campaign:
    """Change the sent fields and/or the status (412 stale If-Match; 409 not allowed)."""
    access.require(caller, CAMPAIGNS, "edit")
    names = set(cmd.sent) | ({"status"} if cmd.status is not None else set())
    access.check_writable(caller, CAMPAIGNS, sorted(names))
    if "owner_id" in cmd.sent and cmd.fields.owner_id is not None:
        access.check_owner(cmd.fields.owner_id)
    now = campaign_rules.now()
    with uow() as tx:
        campaign = visible_campaign(tx, access, caller, cmd.campaign_id, "edit")
        campaign.check_version(cmd.expected_version)
        if cmd.sent:
            campaign.update(cmd.fields, cmd.sent, now=now)
        if cmd.status is not None:
            campaign.change_status(cmd.status, now=now, by=caller.subject, reason=cmd.reason)
        tx.campaigns.save(campaign)
    return campaign


def delete_campaign(
    cmd: DeleteCampaign,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    campaign_rules: CampaignRules,
    caller: Principal,
) -> None:
    """Soft-delete a campaign (its ROI credits stay; it no longer lists or reads)."""
    access.require(caller, CAMPAIGNS, "delete")
    with uow() as tx:
        campaign = visible_campaign(tx, access, caller, cmd.campaign_id, "delete")
        campaign.delete(now=campaign_rules.now(), expected_version=cmd.expected_version)
        tx.campaigns.save(campaign)


def visible_campaign(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, campaign_id: UUID, action: str
) -> Campaign:
    """The campaign, locked: 404 when absent or not visible, 403 when visible but not
    ``action``-able."""
    campaign = tx.campaigns.get(campaign_id)
    if campaign is None or not access.can_see(caller, CAMPAIGNS, campaign):
        raise RecordNotFound("Campaign", campaign_id)
    if action != "view":
        access.require_on(caller, CAMPAIGNS, action, campaign)
    return campaign
