"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from crm_access import PolicyStore, RecordAccess, policy_store
from crm_access import token_verifier as chassis_verifier
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_contacts.adapters.bulk import BulkStore
from crm_contacts.adapters.overview_clients import RemoteReads
from crm_contacts.adapters.owner_directory import OwnerRevocations
from crm_contacts.adapters.tables import access_policy, event_tables
from crm_contacts.config import Settings
from crm_contacts.domain.ports import ImportStore
from crm_contacts.events.outgoing import translate
from crm_contacts.service import (
    accounts,
    calendar_events,
    consent,
    contacts,
    conversions,
    deletions,
    imports,
    lead_conversions,
    merges,
    notes,
    owners,
    tasks,
    timeline,
)
from crm_contacts.service.access import record_access
from crm_contacts.service.overview import AccountOverviews, Overview, Sources
from crm_contacts.service.queries import ActivityQueries, Queries, TimelineQueries
from crm_contacts.service.remote_records import RemoteRecords
from crm_contacts.service.unit_of_work import UnitOfWorkFactory


@dataclass
class Contacts:
    """The wired service: the use cases and queries that REST, gRPC and events call."""

    settings: Settings
    db: Database
    access: RecordAccess
    queries: Queries
    activities: ActivityQueries
    timeline: TimelineQueries
    overview: AccountOverviews
    uow: UnitOfWorkFactory
    run: UseCases
    imports: ImportStore
    remote: RemoteRecords


#: The modules whose functions carry out commands.
USE_CASES = (
    accounts,
    contacts,
    deletions,
    merges,
    tasks,
    calendar_events,
    notes,
    owners,
    conversions,
    lead_conversions,
    timeline,
    imports,
    consent,
)


def bootstrap(settings: Settings, *, db: Database | None = None) -> Contacts:
    """Build the service's parts for one process role."""
    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    queries = Queries(db, access)
    activities, timelines = ActivityQueries(db, access), TimelineQueries(db, access, queries)
    store = BulkStore(db, lease=timedelta(seconds=settings.import_lease_seconds))
    overview_sources = _remote(settings)
    remote = RemoteRecords(overview_sources.sources, overview_sources.reads)
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        queries=queries,
        imports=store,
        remote=remote,
        retention=timedelta(days=settings.deletion_retention_days),
        batch_rows=settings.import_batch_rows,
        sync_max_rows=settings.import_sync_max_rows,
    )
    return Contacts(
        settings=settings,
        db=db,
        access=access,
        queries=queries,
        activities=activities,
        timeline=timelines,
        overview=AccountOverviews(queries, activities, timelines, overview_sources),
        uow=uow,
        run=run,
        imports=store,
        remote=remote,
    )


def _remote(settings: Settings) -> Overview:
    """The 360 view's sources: sales, billing and support over gRPC."""
    sources = Sources(
        sales=settings.sales_grpc_target,
        billing=settings.billing_grpc_target,
        support=settings.support_grpc_target,
        marketing=settings.marketing_grpc_target,
        timeout=settings.overview_timeout_seconds,
    )
    return Overview(sources, RemoteReads())


def token_verifier(settings: Settings, db: Database, store: PolicyStore) -> TokenVerifier:
    """Verify identity's tokens; refuse those of users the policy or the owner directory
    says are inactive (either feed may be the first to learn of a deactivation)."""
    return chassis_verifier(settings, store, OwnerRevocations(db, settings.owner_cache_seconds))
