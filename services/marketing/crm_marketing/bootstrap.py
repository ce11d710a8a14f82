"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_marketing.adapters.tables import access_policy, event_tables
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_ports import MemberDirectory
from crm_marketing.domain.ports import People
from crm_marketing.events.outgoing import translate
from crm_marketing.service import (
    campaign_members,
    campaigns,
    consent,
    mailing_lists,
    segments,
    templates,
)
from crm_marketing.service.access import record_access
from crm_marketing.service.audience_queries import AudienceQueries
from crm_marketing.service.campaign_rules import CampaignRules
from crm_marketing.service.recipients import AudienceRecipients, StoredTemplates
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

#: Every use-case module of service/ (each helper appends its own line).
USE_CASES: list[ModuleType] = [campaigns, campaign_members]
# Audience: templates, mailing lists, segments, consent (h/audience).
USE_CASES += [templates, consent, mailing_lists, segments]


@dataclass(frozen=True)
class Marketing:
    """The wired service: REST views, gRPC methods and event handlers call ``run``."""

    settings: Settings
    db: Database
    # The local copy of identity's access policy (module checks, record scopes, fields).
    access: RecordAccess
    run: UseCases
    uow: UnitOfWorkFactory
    # Reads of templates, mailing lists, segments and suppressions (h/audience).
    audience: AudienceQueries
    # The audience ports the send job resolves and renders with (h/audience).
    recipients: AudienceRecipients
    templates: StoredTemplates


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    member_directory: MemberDirectory | None = None,
    campaign_rules: CampaignRules | None = None,
    people: People | None = None,
) -> Marketing:
    """Build the service's parts for one process role (tests pass fakes of the ports)."""
    from crm_marketing.adapters.members_remote import RemoteMembers
    from crm_marketing.adapters.people_grpc import RemotePeople

    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    people = people or RemotePeople(settings)
    recipients = AudienceRecipients(db, people, page_size=settings.segment_page_size)
    # Each use case's dependencies are matched by parameter name here, at start-up, not on
    # its first request.
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        campaign_rules=campaign_rules or CampaignRules(),
        member_directory=member_directory or RemoteMembers(settings),
        people=people,
        recipients=recipients,
    )
    return Marketing(
        settings=settings,
        db=db,
        access=access,
        run=run,
        uow=uow,
        audience=AudienceQueries(db, access),
        recipients=recipients,
        templates=StoredTemplates(db),
    )
