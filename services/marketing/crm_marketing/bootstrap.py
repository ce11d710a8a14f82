"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.smtp import SmtpSender, SmtpSettings
from crm_chassis.usecases import UseCases
from crm_marketing.adapters.form_campaigns import StoredCampaigns
from crm_marketing.adapters.form_stamps import SignedFormStamps
from crm_marketing.adapters.mailing_links import MailingLinks
from crm_marketing.adapters.tables import access_policy, event_tables
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_ports import MemberDirectory
from crm_marketing.domain.mailing_ports import Unsubscriber
from crm_marketing.domain.ports import People, Recipients, Templates
from crm_marketing.events.outgoing import translate
from crm_marketing.service import (
    campaign_members,
    campaigns,
    consent,
    forms,
    mailing_lists,
    mailings,
    roi_credits,
    segments,
    templates,
)
from crm_marketing.service.access import record_access
from crm_marketing.service.audience_queries import AudienceQueries
from crm_marketing.service.campaign_queries import CampaignQueries
from crm_marketing.service.campaign_rules import CampaignRules
from crm_marketing.service.consent import ConsentUnsubscriber
from crm_marketing.service.mailing_queries import MailingQueries
from crm_marketing.service.mass_mail import MassMailer
from crm_marketing.service.recipients import AudienceRecipients, StoredTemplates
from crm_marketing.service.roi_queries import RoiQueries
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

#: Every use-case module of service/ (each helper appends its own line).
USE_CASES: list[ModuleType] = [campaigns, campaign_members, roi_credits]
USE_CASES.append(mailings)  # h/mailings
# Audience: templates, mailing lists, segments, consent (h/audience).
USE_CASES += [templates, consent, mailing_lists, segments]
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
    # Reads of templates, mailing lists, segments and suppressions (h/audience).
    audience: AudienceQueries
    # Mass mail (h/mailings): the signed links, the reads, and the audience the send job
    # resolves and renders with (mass_mailer() builds the job).
    mail_links: MailingLinks | None = None
    mailing_queries: MailingQueries | None = None
    recipients: Recipients | None = None
    templates: Templates | None = None


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    member_directory: MemberDirectory | None = None,
    campaign_rules: CampaignRules | None = None,
    recipients: Recipients | None = None,
    templates: Templates | None = None,
    unsubscriber: Unsubscriber | None = None,
    people: People | None = None,
) -> Marketing:
    """Build the service's parts for one process role (tests may give the ports)."""
    from crm_marketing.adapters.members_remote import RemoteMembers
    from crm_marketing.adapters.people_grpc import RemotePeople

    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    people = people or RemotePeople(settings)
    # Audience (h/audience): lists and segments resolved over contacts' and sales' gRPC.
    recipients = recipients or AudienceRecipients(db, people, page_size=settings.segment_page_size)
    # Each use case's dependencies are matched by parameter name here, at start-up, not on
    # its first request.
    mail_links = MailingLinks(settings)
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        campaign_rules=campaign_rules or CampaignRules(),
        member_directory=member_directory or RemoteMembers(settings),
        # Mass mail (h/mailings): audience modules checked at scheduling, signed links,
        # where an unsubscribe is recorded (consent's Unsubscribe, h/audience).
        recipients=recipients,
        mail_links=mail_links,
        unsubscriber=unsubscriber or ConsentUnsubscriber(uow),
        people=people,
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
        audience=AudienceQueries(db, access),
        mail_links=mail_links,
        mailing_queries=MailingQueries(db, access, mail_links),
        recipients=recipients,
        templates=templates or StoredTemplates(db),
    )


def mass_mailer(app: Marketing) -> MassMailer:
    """The worker's send job over the wired service and the configured SMTP server."""
    s = app.settings
    smtp = SmtpSettings(
        host=s.smtp_host,
        port=s.smtp_port,
        security=s.smtp_security,
        user=s.smtp_user,
        password=s.smtp_password,
        timeout_seconds=s.smtp_timeout_seconds,
    )
    assert app.mail_links and app.recipients and app.templates
    return MassMailer(
        db=app.db,
        sender=SmtpSender(smtp),
        recipients=app.recipients,
        templates=app.templates,
        links=app.mail_links,
        domain=s.mailing_domain,
        max_attempts=s.mailing_max_attempts,
        async_commit=s.mailing_async_commit,
        concurrency=s.mailing_concurrency,
    )
