"""Repositories of campaigns and their members.

Campaigns are read FOR UPDATE (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write
lock) and written back only when their version moved, guarded by the version they were read
at. Members are inserted with ON CONFLICT DO NOTHING on their key, so adding one twice, even
in two requests at once, leaves one row and tells which ones were new.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_marketing.adapters.campaign_tables import campaign_members, campaigns
from crm_marketing.domain.campaign_members import CampaignMember, MemberRef
from crm_marketing.domain.campaigns import MONEY_FIELDS, Campaign

_FIELDS = tuple(c.name for c in campaigns.columns if c.name not in (*MONEY_FIELDS, "search_text"))
_MEMBER_FIELDS = tuple(c.name for c in campaign_members.columns)


def campaign_values(campaign: Campaign) -> dict[str, Any]:
    values = {name: getattr(campaign, name) for name in _FIELDS}
    for name in MONEY_FIELDS:
        amount = getattr(campaign, name)
        values[name] = None if amount is None else str(amount)
    values["search_text"] = campaign.search_text
    return values


def campaign_from_row(row: Any) -> Campaign:
    mapping = row._mapping
    values = {name: mapping[name] for name in _FIELDS}
    for name in MONEY_FIELDS:
        values[name] = None if mapping[name] is None else Decimal(mapping[name])
    return Campaign(**values)


def member_from_row(row: Any) -> CampaignMember:
    mapping = row._mapping
    return CampaignMember(**{name: mapping[name] for name in _MEMBER_FIELDS})


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


class CampaignRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Campaign] = []
        self._loaded: dict[UUID, int] = {}

    def _track(self, campaign: Campaign) -> Campaign:
        if campaign.id not in self._loaded:
            self.seen.append(campaign)
        self._loaded[campaign.id] = campaign.version
        return campaign

    def get(self, campaign_id: UUID) -> Campaign | None:
        """The live campaign, locked for this transaction (None when absent or deleted)."""
        c = campaigns.c
        stmt = sa.select(campaigns).where(c.id == campaign_id, c.deleted_at.is_(None))
        row = self.session.execute(stmt.with_for_update()).first()
        return None if row is None else self._track(campaign_from_row(row))

    def add(self, campaign: Campaign) -> None:
        self.session.execute(sa.insert(campaigns).values(**campaign_values(campaign)))
        self._track(campaign)

    def save(self, campaign: Campaign) -> None:
        loaded = self._loaded.get(campaign.id)
        if loaded is None or loaded == campaign.version:
            return
        values = campaign_values(campaign)
        result = self.session.execute(
            sa.update(campaigns)
            .where(campaigns.c.id == campaign.id, campaigns.c.version == loaded)
            .values(**{k: v for k, v in values.items() if k not in ("id", "created_at")})
        )
        if result.rowcount != 1:
            raise Conflict(f"Campaign {campaign.id} was changed concurrently; try again.")
        self._loaded[campaign.id] = campaign.version


class MemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_new(self, members: Iterable[CampaignMember]) -> list[CampaignMember]:
        """Insert the members not there yet; return those this call inserted."""
        added = []
        for member in members:
            values = {name: getattr(member, name) for name in _MEMBER_FIELDS}
            stmt = _insert(self.session)(campaign_members).values(**values)
            result = self.session.execute(stmt.on_conflict_do_nothing())
            if result.rowcount == 1:
                added.append(member)
        return added

    def get(self, campaign_id: UUID, ref: MemberRef) -> CampaignMember | None:
        m = campaign_members.c
        stmt = sa.select(campaign_members).where(
            m.campaign_id == campaign_id,
            m.member_type == ref.member_type,
            m.member_id == ref.member_id,
        )
        row = self.session.execute(stmt).first()
        return None if row is None else member_from_row(row)

    def of(self, campaign_id: UUID, refs: Iterable[MemberRef]) -> list[CampaignMember]:
        """The campaign's members among ``refs`` (in no particular order)."""
        m = campaign_members.c
        keys = [(r.member_type, r.member_id) for r in refs]
        if not keys:
            return []
        stmt = sa.select(campaign_members).where(
            m.campaign_id == campaign_id, sa.tuple_(m.member_type, m.member_id).in_(keys)
        )
        return [member_from_row(row) for row in self.session.execute(stmt)]

    def save(self, member: CampaignMember) -> None:
        m = campaign_members.c
        self.session.execute(
            sa.update(campaign_members)
            .where(
                m.campaign_id == member.campaign_id,
                m.member_type == member.member_type,
                m.member_id == member.member_id,
            )
            .values(response_status=member.response_status, updated_at=member.updated_at)
        )

    def remove(self, member: CampaignMember) -> None:
        m = campaign_members.c
        self.session.execute(
            sa.delete(campaign_members).where(
                m.campaign_id == member.campaign_id,
                m.member_type == member.member_type,
                m.member_id == member.member_id,
            )
        )

    def counts(self, campaign_id: UUID) -> dict[tuple[str, str], int]:
        """Member counts keyed by (member type, response status): one GROUP BY."""
        m = campaign_members.c
        stmt = (
            sa.select(m.member_type, m.response_status, sa.func.count())
            .where(m.campaign_id == campaign_id)
            .group_by(m.member_type, m.response_status)
        )
        return {(t, s): n for t, s, n in self.session.execute(stmt)}
