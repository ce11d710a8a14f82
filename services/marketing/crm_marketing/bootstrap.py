"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_marketing.adapters.form_campaigns import StoredCampaigns
from crm_marketing.adapters.form_stamps import SignedFormStamps
from crm_marketing.adapters.tables import access_policy, event_tables
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_ports import MemberDirectory
from crm_marketing.events.outgoing import translate
from crm_marketing.service import campaign_members, campaigns, forms, roi_credits
from crm_marketing.service.access import record_access
from crm_marketing.service.campaign_queries import CampaignQueries
from crm_marketing.service.campaign_rules import CampaignRules
from crm_marketing.service.roi_queries import RoiQueries
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

#: Every use-case module of service/ (each helper appends its own line).
USE_CASES = [campaigns, campaign_members, roi_credits]
USE_CASES += [forms]  # online lead forms (h/forms)


@dataclass(frozen=True)
class Marketing:
    """The wired service: REST views, gRPC methods and event handlers call ``run``."""

    settings: Settings
    db: Database
    # The local copy of identity's access policy (module checks, record scopes, fields).
    access: RecordAccess
    run: UseCases
    uow: UnitOfWorkFactory
    # Reads of campaigns and their members (h/campaigns).
    campaign_queries: CampaignQueries
    # Campaign ROI from the credits the worker records (h/campaigns).
    roi: RoiQueries


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    member_directory: MemberDirectory | None = None,
    campaign_rules: CampaignRules | None = None,
) -> Marketing:
    """Build the service's parts for one process role."""
    from crm_marketing.adapters.members_remote import RemoteMembers

    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    # Each use case's dependencies are matched by parameter name here, at start-up, not on
    # its first request.
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        campaign_rules=campaign_rules or CampaignRules(),
        member_directory=member_directory or RemoteMembers(settings),
        # Online lead forms (h/forms): stamps, the campaign check, the per-address limit.
        stamps=SignedFormStamps(settings),
        form_campaigns=StoredCampaigns(db),
        form_ip_limit=settings.form_ip_limit_per_hour,
    )
    campaign_queries = CampaignQueries(db, access)
    return Marketing(
        settings=settings,
        db=db,
        access=access,
        run=run,
        uow=uow,
        campaign_queries=campaign_queries,
        roi=RoiQueries(db, campaign_queries),
    )
