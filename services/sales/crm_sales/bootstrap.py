"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_sales.adapters.tables import access_policy, event_tables
from crm_sales.config import Settings
from crm_sales.domain.approval import ApprovalLimit, ApprovalLimits
from crm_sales.domain.ports import AccountDirectory, MarketingRoi
from crm_sales.events.outgoing import translate
from crm_sales.service import (
    accounts,
    approvals,
    catalog,
    consent,
    conversion,
    enquiries,
    imports,
    leads,
    opportunities,
    orders,
    quotes,
    rules,
    scoring,
)
from crm_sales.service.access import record_access
from crm_sales.service.marketing_roi import MarketingRoiSection
from crm_sales.service.queries import Queries
from crm_sales.service.reports import Reports
from crm_sales.service.unit_of_work import UnitOfWorkFactory

USE_CASES = (
    accounts,
    approvals,
    catalog,
    consent,
    conversion,
    enquiries,
    imports,
    leads,
    opportunities,
    orders,
    quotes,
    rules,
    scoring,
)


@dataclass
class Sales:
    """The wired service: the use cases (``run``) and the reads REST, gRPC and events call."""

    settings: Settings
    db: Database
    access: RecordAccess
    uow: UnitOfWorkFactory
    queries: Queries
    reports: Reports
    run: UseCases
    # The KPI report's marketing ROI section (marketing over gRPC, the caller's token).
    marketing_roi: MarketingRoiSection


def default_limits(settings: Settings) -> ApprovalLimits:
    """The approval limits until an administrator sets them: one default for every role."""
    total = settings.quote_approval_threshold
    return ApprovalLimits(
        ApprovalLimit(
            max_grand_total=total,
            currency=settings.quote_approval_currency.upper() if total is not None else None,
            max_discount_percent=settings.quote_approval_max_discount_percent,
        )
    )


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    directory: AccountDirectory | None = None,
    marketing: MarketingRoi | None = None,
) -> Sales:
    """Build the service's parts for one process role."""
    from crm_sales.adapters.contacts_directory import ContactsDirectory
    from crm_sales.adapters.marketing_roi import RemoteMarketingRoi

    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    limits = default_limits(settings)
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        access=access,
        directory=directory or ContactsDirectory(settings),
        approval=limits,
        stale_after=timedelta(days=settings.stale_lead_days),
    )
    return Sales(
        settings=settings,
        db=db,
        access=access,
        uow=uow,
        queries=Queries(db, access, limits),
        reports=Reports(db, access),
        marketing_roi=MarketingRoiSection(marketing or RemoteMarketingRoi(settings)),
        run=run,
    )
