"""Reads of campaigns and their members: get, batch get, keyset-paged lists, search.

The caller's record scope is part of every query's SQL (invisible campaigns are never
fetched, and answer 404 like absent ones); deleted campaigns are left out, except from the
``updated_since`` sync lists, which must learn about deletions (``include_deleted``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort
from crm_marketing.adapters.campaign_repository import campaign_from_row, member_from_row
from crm_marketing.adapters.campaign_tables import campaign_members, campaigns
from crm_marketing.domain.campaign_members import CampaignMember
from crm_marketing.domain.campaigns import Campaign
from crm_marketing.service.access import CAMPAIGNS

SORTS = {"created_at", "updated_at", "name"}
FILTERS = ("status", "campaign_type", "owner_id", "expected_response", "currency")
MEMBER_SORTS = {"added_at", "updated_at"}
MEMBER_FILTERS = ("member_type", "response_status")
SEARCH_LIMIT = 100


def like_pattern(term: str) -> str:
    """``LIKE '%term%' ESCAPE '\\'``, lower-cased (search_text is kept lower-case)."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CampaignQueries:
    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def where(self, caller: Principal, *, include_deleted: bool = False) -> Any:
        """The caller's record scope on campaigns (module access checked first)."""
        self.access.require(caller, CAMPAIGNS, "view")
        condition = self.access.visible_filter(caller, CAMPAIGNS, campaigns)
        live = sa.true() if include_deleted else campaigns.c.deleted_at.is_(None)
        return live if condition is None else sa.and_(live, condition)

    def get(self, caller: Principal, campaign_id: UUID) -> Campaign:
        stmt = sa.select(campaigns).where(campaigns.c.id == campaign_id, self.where(caller))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound("Campaign", campaign_id)
        return campaign_from_row(row)

    def batch_get(self, caller: Principal, ids: Sequence[UUID]) -> list[Campaign]:
        """The visible live campaigns among ``ids``, in the order asked."""
        if not ids:
            return []
        stmt = sa.select(campaigns).where(campaigns.c.id.in_(list(ids)), self.where(caller))
        with self.db.reading() as session:
            found = {r.id: campaign_from_row(r) for r in session.execute(stmt)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def list(
        self, caller: Principal, params: ListParams, *, include_deleted: bool = False
    ) -> tuple[list[Campaign], str | None]:
        """One page (sort created_at, updated_at, name; filters and q= as the list names)."""
        sort, descending = parse_sort(params.sort or "-created_at", SORTS, "created_at")
        table = campaigns
        stmt = sa.select(table).where(self.where(caller, include_deleted=include_deleted))
        for name in FILTERS:
            value = params.filters.get(name)
            if value is not None:
                stmt = stmt.where(table.c[name] == value)
        if params.updated_since is not None:
            stmt = stmt.where(table.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            stmt = stmt.where(table.c.search_text.like(like_pattern(params.q), escape="\\"))
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, table.c[sort], table.c.id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            found = [campaign_from_row(r) for r in session.execute(stmt)]
        return page(
            found,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda c: (getattr(c, sort), c.id),
        )

    def search(self, caller: Principal, query: str, limit: int = 20) -> list[Campaign]:
        """Campaigns whose name, audience or sponsor contain ``query``; names first."""
        term = query.strip()
        if not term:
            return []
        c = campaigns.c
        starts = sa.case(
            (sa.func.lower(c.name).like(like_pattern(term)[1:], escape="\\"), 0), else_=1
        )
        stmt = (
            sa.select(campaigns)
            .where(self.where(caller), c.search_text.like(like_pattern(term), escape="\\"))
            .order_by(starts, c.name, c.id)
            .limit(min(max(limit, 1), SEARCH_LIMIT))
        )
        with self.db.reading() as session:
            return [campaign_from_row(r) for r in session.execute(stmt)]

    def members(
        self, caller: Principal, campaign_id: UUID, params: ListParams
    ) -> tuple[list[CampaignMember], str | None]:
        """One page of a visible campaign's members (sort added_at, updated_at)."""
        self.get(caller, campaign_id)
        sort, descending = parse_sort(params.sort or "added_at", MEMBER_SORTS, "added_at")
        m = campaign_members.c
        stmt = sa.select(campaign_members).where(m.campaign_id == campaign_id)
        for name in MEMBER_FILTERS:
            value = params.filters.get(name)
            if value is not None:
                stmt = stmt.where(m[name] == value)
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, m[sort], m.member_id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            found = [member_from_row(r) for r in session.execute(stmt)]
        return page(
            found,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda x: (getattr(x, sort), x.member_id),
        )
