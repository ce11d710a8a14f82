"""The unit of work: the chassis's transaction and outbox, with the service's repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (``crm_chassis.db.unit_of_work``), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource
from crm_marketing.adapters.campaign_repository import CampaignRepository, MemberRepository
from crm_marketing.adapters.form_repositories import FormRepository, SubmissionRepository
from crm_marketing.adapters.roi_repository import CreditRepository
from crm_marketing.adapters.suppression_store import SuppressionStore


class UnitOfWork(base.UnitOfWork):
    """One transaction with marketing's repositories (each part adds its own below)."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        self.campaigns = CampaignRepository(session)
        self.members = MemberRepository(session)
        self.credits = CreditRepository(session)
        # Audience (h/audience): unsubscribes record RecipientUnsubscribed.
        self.suppressions = SuppressionStore(session)
        # Online lead forms and their submissions (h/forms).
        self.forms = FormRepository(session)
        self.submissions = SubmissionRepository(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.campaigns, self.suppressions, self.submissions)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens marketing units of work on one database with one event recorder."""

    unit = UnitOfWork
