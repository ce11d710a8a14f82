"""Reads of campaign ROI: the credits of the caller's visible campaigns, counted per
campaign in a period (five GROUP BY queries over indexed (campaign_id, time) columns,
whatever the number of campaigns)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_marketing.adapters.campaign_repository import campaign_from_row
from crm_marketing.adapters.campaign_tables import (
    campaign_conversions,
    campaign_leads,
    campaign_opportunities,
    campaign_submissions,
    campaigns,
)
from crm_marketing.domain.campaigns import Campaign
from crm_marketing.domain.roi import LOST, WON, CampaignRoi, Period, RoiFacts, campaign_roi
from crm_marketing.service.campaign_queries import CampaignQueries

#: The most campaigns one report answers (the rest: narrow by status or owner).
MAX_REPORT = 1000


def _in(column: Any, period: Period) -> list[Any]:
    found = []
    if period.start is not None:
        found.append(column >= period.start)
    if period.end is not None:
        found.append(column < period.end)
    return found


def _counts(
    session: Session, table: sa.Table, time: str, ids: list[UUID], period: Period
) -> dict[UUID, int]:
    c = table.c
    stmt = (
        sa.select(c.campaign_id, sa.func.count())
        .where(c.campaign_id.in_(ids), *_in(c[time], period))
        .group_by(c.campaign_id)
    )
    return {cid: n for cid, n in session.execute(stmt)}


def _deals(session: Session, ids: list[UUID], period: Period) -> tuple[Any, Any]:
    o = campaign_opportunities.c
    closed = sa.select(o.campaign_id, o.outcome, o.currency, o.amount).where(
        o.campaign_id.in_(ids), o.outcome.in_([WON, LOST]), *_in(o.closed_at, period)
    )
    return _counts(session, campaign_opportunities, "created_at", ids, period), session.execute(
        closed
    ).all()


def count_facts(session: Session, ids: Sequence[UUID], period: Period) -> dict[UUID, RoiFacts]:
    """The credits of ``ids`` in ``period``, counted."""
    wanted = list(ids)
    if not wanted:
        return {}
    submissions = _counts(session, campaign_submissions, "captured_at", wanted, period)
    leads = _counts(session, campaign_leads, "created_at", wanted, period)
    conversions = _counts(session, campaign_conversions, "converted_at", wanted, period)
    opened, closed = _deals(session, wanted, period)
    won: dict[UUID, int] = defaultdict(int)
    lost: dict[UUID, int] = defaultdict(int)
    revenue: dict[UUID, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for cid, outcome, currency, amount in closed:
        if outcome == WON:
            won[cid] += 1
            if amount and currency:
                revenue[cid][currency] += Decimal(amount)
        else:
            lost[cid] += 1
    return {
        cid: RoiFacts(
            submissions=submissions.get(cid, 0),
            leads=leads.get(cid, 0),
            conversions=conversions.get(cid, 0),
            opportunities=opened.get(cid, 0),
            won=won[cid],
            lost=lost[cid],
            revenue=dict(revenue[cid]),
        )
        for cid in wanted
    }


def roi_of(campaign: Campaign, facts: RoiFacts) -> CampaignRoi:
    return campaign_roi(
        campaign_id=campaign.id,
        name=campaign.name,
        status=campaign.status,
        currency=campaign.currency,
        actual_cost=campaign.actual_cost,
        facts=facts,
    )


class RoiQueries:
    def __init__(self, db: Database, campaign_queries: CampaignQueries) -> None:
        self.db = db
        self.campaigns = campaign_queries

    def one(self, caller: Principal, campaign_id: UUID, period: Period) -> CampaignRoi:
        """One visible campaign's ROI (404 like a get)."""
        campaign = self.campaigns.get(caller, campaign_id)
        with self.db.reading() as session:
            facts = count_facts(session, [campaign.id], period)
        return roi_of(campaign, facts[campaign.id])

    def report(
        self, caller: Principal, period: Period, *, filters: dict[str, Any] | None = None
    ) -> list[CampaignRoi]:
        """Every visible live campaign's ROI (by name; at most MAX_REPORT)."""
        c = campaigns.c
        stmt = sa.select(campaigns).where(self.campaigns.where(caller))
        for name, value in (filters or {}).items():
            if value is not None:
                stmt = stmt.where(c[name] == value)
        stmt = stmt.order_by(c.name, c.id).limit(MAX_REPORT)
        with self.db.reading() as session:
            found = [campaign_from_row(r) for r in session.execute(stmt)]
            facts = count_facts(session, [x.id for x in found], period)
        return [roi_of(x, facts[x.id]) for x in found]
