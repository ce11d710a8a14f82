"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_support.adapters.article_search import article_search
from crm_support.adapters.contract_slas import TableContractSlas
from crm_support.adapters.mail_store import MailQueueRecorder
from crm_support.adapters.tables import access_policy, event_tables
from crm_support.config import Settings
from crm_support.domain.comments import AttachmentLimits
from crm_support.domain.contract_ports import SlaFacts
from crm_support.domain.feedback import SurveyLinks
from crm_support.domain.mail_ports import MailContacts, MailSender
from crm_support.domain.ports import ContractSlas, PortalDocuments, References
from crm_support.events.outgoing import translate
from crm_support.service import (
    articles,
    assignment,
    comments,
    feedback,
    sla_check,
    sla_settings,
    ticket_facts,
    tickets,
)
from crm_support.service import contracts as contract_cases
from crm_support.service.access import record_access
from crm_support.service.article_queries import ArticleQueries
from crm_support.service.contract_queries import ContractQueries
from crm_support.service.contract_rules import ContractRules
from crm_support.service.inbound_mail import MailIntake
from crm_support.service.outbound_mail import Mailer, SurveyUrl, no_survey
from crm_support.service.portal_documents import PortalDocumentQueries
from crm_support.service.queries import Queries
from crm_support.service.reports import Reports
from crm_support.service.sla_facts import CalendarSlaFacts
from crm_support.service.sla_queries import SlaQueries
from crm_support.service.sla_tracking import SlaTrackingRecorder
from crm_support.service.unit_of_work import UnitOfWorkFactory

#: Every use-case module of service/ (each helper appends its own).
USE_CASES = [tickets, comments, assignment, sla_settings, sla_check]
USE_CASES += [contract_cases, feedback, ticket_facts]
USE_CASES += [articles]


@dataclass(frozen=True)
class Support:
    """The wired service: REST views, gRPC methods and event handlers call ``run``."""

    settings: Settings
    db: Database
    # The local copy of identity's access policy (module checks, record scopes, fields).
    access: RecordAccess
    run: UseCases
    uow: UnitOfWorkFactory
    queries: Queries
    # Which SLA policy an account's service contract grants (h/contracts).
    contracts: ContractSlas
    sla: SlaQueries
    # Service contracts, feedback, statistics (h/contracts).
    contract_queries: ContractQueries
    reports: Reports
    survey_links: SurveyLinks
    # The knowledge base's reads (full-text search by the database's dialect).
    articles: ArticleQueries
    # The portal's quotes, orders and invoices (sales and billing, the customer's token).
    portal_documents: PortalDocumentQueries


def _contract_rules(settings: Settings) -> ContractRules:
    return ContractRules(
        day_minutes=settings.contract_day_minutes,
        review_lead_days=settings.contract_review_lead_days,
    )


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    references: References | None = None,
    contracts: ContractSlas | None = None,
    contract_rules: ContractRules | None = None,
    sla_facts: SlaFacts | None = None,
    documents: PortalDocuments | None = None,
) -> Support:
    """Build the service's parts for one process role."""
    from crm_support.adapters.portal_documents import RemoteDocuments
    from crm_support.adapters.references import RemoteReferences
    from crm_support.adapters.survey_links import SignedSurveyLinks

    db = db or Database(settings.sqlalchemy_url())
    contracts = contracts or TableContractSlas(db)
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    # Every ticket change rewrites its SLA check rows in its own transaction, and queues
    # the mails it causes (h/mail) in that transaction too.
    uow = UnitOfWorkFactory(
        db,
        MailQueueRecorder(SlaTrackingRecorder(recorder, contracts), domain=settings.mail_domain),
    )
    # Each use case's dependencies are matched by parameter name here, at start-up, not
    # on its first request.
    rules = contract_rules or _contract_rules(settings)
    survey_links = SignedSurveyLinks(settings)
    run = UseCases.from_modules(
        USE_CASES,
        contract_rules=rules,
        survey_links=survey_links,
        sla_facts=sla_facts or CalendarSlaFacts(db, contracts),
        uow=uow,
        access=access,
        references=references or RemoteReferences(settings),
        reopen_window_days=settings.reopen_window_days,
        attachment_limits=AttachmentLimits(
            settings.attachment_max_bytes, tuple(settings.attachment_types)
        ),
        contracts=contracts,
    )
    return Support(
        settings=settings,
        db=db,
        access=access,
        run=run,
        uow=uow,
        queries=Queries(db, access),
        contracts=contracts,
        sla=SlaQueries(db, access, contracts),
        contract_queries=ContractQueries(db, access, rules),
        reports=Reports(db, access, rules),
        survey_links=survey_links,
        articles=ArticleQueries(db, access, article_search(db)),
        portal_documents=PortalDocumentQueries(documents or RemoteDocuments(settings), access),
    )


def mailer(
    app: Support,
    *,
    contacts: MailContacts | None = None,
    sender: MailSender | None = None,
    survey_url: SurveyUrl = no_survey,
) -> Mailer:
    """The worker's sender of queued mails, through the SMTP server of the settings.

    ``survey_url(ticket_id)`` gives the closing mail's feedback link (None: no survey).
    """
    from crm_chassis.smtp import SmtpSender, SmtpSettings
    from crm_support.adapters.mail_contacts import GrpcMailContacts

    s = app.settings
    smtp = SmtpSettings(
        s.smtp_host,
        s.smtp_port,
        s.smtp_security,
        s.smtp_user,
        s.smtp_password,
        s.smtp_timeout_seconds,
    )
    return Mailer(
        db=app.db,
        sender=sender or SmtpSender(smtp),
        contacts=contacts or GrpcMailContacts(s),
        domain=s.mail_domain,
        from_address=s.mail_from,
        retry_seconds=s.mail_retry_seconds,
        max_attempts=s.mail_max_attempts,
        survey_url=survey_url,
    )


def mail_intake(app: Support, *, contacts: MailContacts | None = None) -> MailIntake:
    """The worker's taker of inbound mail (its SMTP listener calls ``receive``)."""
    from crm_support.adapters.mail_contacts import GrpcMailContacts

    return MailIntake(
        db=app.db,
        run=app.run,
        uow=app.uow,
        contacts=contacts or GrpcMailContacts(app.settings),
        addresses=frozenset(app.settings.mail_addresses),
        domain=app.settings.mail_domain,
        from_address=app.settings.mail_from,
    )
