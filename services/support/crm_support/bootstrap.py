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
from crm_support.adapters.tables import access_policy, event_tables
from crm_support.config import Settings
from crm_support.domain.comments import AttachmentLimits
from crm_support.domain.ports import PortalDocuments, References
from crm_support.events.outgoing import translate
from crm_support.service import articles, assignment, comments, tickets
from crm_support.service.access import record_access
from crm_support.service.article_queries import ArticleQueries
from crm_support.service.portal_documents import PortalDocumentQueries
from crm_support.service.queries import Queries
from crm_support.service.unit_of_work import UnitOfWorkFactory

#: Every use-case module of service/ (each helper appends its own).
USE_CASES = [tickets, comments, assignment, articles]


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
    # The knowledge base's reads (full-text search by the database's dialect).
    articles: ArticleQueries
    # The portal's quotes, orders and invoices (sales and billing, the customer's token).
    portal_documents: PortalDocumentQueries


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    references: References | None = None,
    documents: PortalDocuments | None = None,
) -> Support:
    """Build the service's parts for one process role."""
    from crm_support.adapters.portal_documents import RemoteDocuments
    from crm_support.adapters.references import RemoteReferences

    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    # Each use case's dependencies are matched by parameter name here, at start-up, not
    # on its first request.
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        references=references or RemoteReferences(settings),
        reopen_window_days=settings.reopen_window_days,
        attachment_limits=AttachmentLimits(
            settings.attachment_max_bytes, tuple(settings.attachment_types)
        ),
    )
    return Support(
        settings=settings,
        db=db,
        access=access,
        run=run,
        uow=uow,
        queries=Queries(db, access),
        articles=ArticleQueries(db, access, article_search(db)),
        portal_documents=PortalDocumentQueries(documents or RemoteDocuments(settings), access),
    )
