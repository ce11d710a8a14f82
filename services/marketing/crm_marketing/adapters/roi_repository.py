"""The ROI credits: one row per lead, submission, conversion and opportunity.

Inserts are ON CONFLICT DO NOTHING on the record's id, so a redelivered event (or one
replayed from another queue, bypassing the inbox) records nothing twice. An opportunity is
upserted only from a snapshot at least as new as the one stored (``source_version``): a
late "created" does not undo a "won".
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_marketing.adapters.campaign_tables import (
    campaign_conversions,
    campaign_leads,
    campaign_opportunities,
    campaign_submissions,
)
from crm_marketing.domain.roi import OPEN


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


class CreditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _once(self, table: sa.Table, **values: Any) -> bool:
        stmt = _insert(self.session)(table).values(**values).on_conflict_do_nothing()
        return self.session.execute(stmt).rowcount == 1

    def lead(self, lead_id: UUID, campaign_id: UUID, origin: str | None, at: datetime) -> bool:
        return self._once(
            campaign_leads, lead_id=lead_id, campaign_id=campaign_id, origin=origin, created_at=at
        )

    def submission(
        self, submission_id: str, campaign_id: UUID, form_id: str | None, at: datetime
    ) -> bool:
        return self._once(
            campaign_submissions,
            submission_id=submission_id,
            campaign_id=campaign_id,
            form_id=form_id,
            captured_at=at,
        )

    def conversion(
        self, lead_id: UUID, campaign_id: UUID, opportunity_id: UUID | None, at: datetime
    ) -> bool:
        return self._once(
            campaign_conversions,
            lead_id=lead_id,
            campaign_id=campaign_id,
            opportunity_id=opportunity_id,
            converted_at=at,
        )

    def opportunity(
        self,
        opportunity_id: UUID,
        campaign_id: UUID | None,
        *,
        outcome: str,
        amount: Decimal | None,
        currency: str | None,
        version: int,
        at: datetime,
    ) -> bool:
        """Apply a snapshot; return whether it changed anything."""
        o = campaign_opportunities.c
        row = self.session.execute(
            sa.select(o.source_version, o.created_at, o.closed_at)
            .where(o.opportunity_id == opportunity_id)
            .with_for_update()
        ).first()
        if row is not None and row.source_version > version:
            return False
        if campaign_id is None:  # moved off every campaign: no longer credited
            if row is None:
                return False
            where = o.opportunity_id == opportunity_id
            self.session.execute(sa.delete(campaign_opportunities).where(where))
            return True
        values = {
            "campaign_id": campaign_id,
            "outcome": outcome,
            "amount": None if amount is None else str(amount),
            "currency": currency,
            "closed_at": None if outcome == OPEN else ((row and row.closed_at) or at),
            "source_version": version,
        }
        if row is None:
            insert = _insert(self.session)(campaign_opportunities)
            stmt = insert.values(opportunity_id=opportunity_id, created_at=at, **values)
            return self.session.execute(stmt.on_conflict_do_nothing()).rowcount == 1
        self.session.execute(
            sa.update(campaign_opportunities)
            .where(o.opportunity_id == opportunity_id)
            .values(**values)
        )
        return True
