"""Reads of the audience part: templates, mailing lists and members, segments, suppressions.

Lists page by cursor (``crm_chassis.pagination``). Lists, segments and templates belong
to the campaigns module and each has an owner (service/audience_access.py): module view,
then the caller's record scope in every query's SQL (invisible records are never fetched,
and answer 404 like absent ones).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort
from crm_marketing.adapters.list_store import (
    list_from_row,
    member_from_row,
    segment_from_row,
)
from crm_marketing.adapters.suppression_store import suppression_from_row
from crm_marketing.adapters.tables import audience
from crm_marketing.adapters.template_store import template_from_row
from crm_marketing.domain.consent import Suppression
from crm_marketing.domain.mailing_lists import MailingList, Member
from crm_marketing.domain.segments import Segment
from crm_marketing.domain.templates import MailTemplate
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.audience_access import READ, require, require_admin

SORTS = ("name", "created_at", "updated_at")


class AudienceQueries:
    """Gets and keyset-paged lists of the audience's records."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def template(self, caller: Principal, template_id: UUID) -> MailTemplate:
        return self._one(caller, audience.templates, template_id, template_from_row, "Template")

    def templates(
        self, caller: Principal, params: ListParams
    ) -> tuple[list[MailTemplate], str | None]:
        require(self.access, caller, READ)
        table = audience.templates
        return self.paged(table, params, template_from_row, where=self.scoped(caller, table))

    def mailing_list(self, caller: Principal, list_id: UUID) -> MailingList:
        return self._one(caller, audience.lists, list_id, list_from_row, "Mailing list")

    def mailing_lists(
        self, caller: Principal, params: ListParams
    ) -> tuple[list[MailingList], str | None]:
        require(self.access, caller, READ)
        table = audience.lists
        return self.paged(table, params, list_from_row, where=self.scoped(caller, table))

    def members(
        self, caller: Principal, list_id: UUID, *, limit: int, cursor: str | None, kind: str | None
    ) -> tuple[list[Member], str | None]:
        """A list's members, newest first (``kind``: contact or lead)."""
        self.mailing_list(caller, list_id)
        table = audience.members
        stmt = sa.select(table).where(table.c.list_id == list_id)
        if kind:
            stmt = stmt.where(table.c.member_type == kind)
        after = decode_cursor(cursor, sort="added_at", descending=True) if cursor else None
        stmt = keyset(
            stmt, table.c.added_at, table.c.member_id, descending=True, after=after, limit=limit
        )
        with self.db.reading() as session:
            items = [member_from_row(r) for r in session.execute(stmt)]
        return page(
            items, limit=limit, sort="added_at", descending=True, key=lambda m: (m.added_at, m.id)
        )

    def segment(self, caller: Principal, segment_id: UUID) -> Segment:
        return self._one(caller, audience.segments, segment_id, segment_from_row, "Segment")

    def segments(self, caller: Principal, params: ListParams) -> tuple[list[Segment], str | None]:
        require(self.access, caller, READ)
        table = audience.segments
        return self.paged(table, params, segment_from_row, where=self.scoped(caller, table))

    def _one(
        self,
        caller: Principal,
        table: sa.Table,
        record_id: UUID,
        convert: Callable[[Any], Any],
        noun: str,
    ) -> Any:
        require(self.access, caller, READ)
        stmt = sa.select(table).where(table.c.id == record_id, *self.scoped(caller, table))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound(noun, record_id)
        return convert(row)

    def scoped(self, caller: Principal, table: sa.Table) -> list[Any]:
        """The caller's record scope on ``table`` as WHERE conditions (none: sees all)."""
        condition = self.access.visible_filter(caller, CAMPAIGNS, table)
        return [] if condition is None else [condition]

    def suppressions(
        self, caller: Principal, params: ListParams
    ) -> tuple[list[Suppression], str | None]:
        """By address; ``q`` matches part of the address, ``reason`` filters."""
        require_admin(self.access, caller)
        table = audience.suppressions
        stmt = sa.select(table)
        if params.filters.get("reason"):
            stmt = stmt.where(table.c.reason == params.filters["reason"])
        if params.q and params.q.strip():
            stmt = stmt.where(table.c.address.like(_pattern(params.q), escape="\\"))
        if params.cursor:
            # The address is the key, unique: it alone continues the page (no id needed).
            after = decode_cursor(params.cursor, sort="address", descending=False)
            stmt = stmt.where(table.c.address > after.value)
        stmt = stmt.order_by(table.c.address).limit(params.limit + 1)
        with self.db.reading() as session:
            items = [suppression_from_row(r) for r in session.execute(stmt)]
        return page(items, limit=params.limit, sort="address", descending=False, key=_address_key)

    def paged(
        self,
        table: sa.Table,
        params: ListParams,
        convert: Callable[[Any], Any],
        where: list[Any] | None = None,
    ) -> tuple[list[Any], str | None]:
        """One page of ``table`` (sorted by name, created_at or updated_at; q on the name)."""
        sort, descending = parse_sort(params.sort, set(SORTS), "name")
        stmt = sa.select(table).where(*(where or []))
        if params.q and params.q.strip():
            stmt = stmt.where(sa.func.lower(table.c.name).like(_pattern(params.q), escape="\\"))
        if params.updated_since is not None:
            stmt = stmt.where(table.c.updated_at >= params.updated_since)
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, table.c[sort], table.c.id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            items = [convert(r) for r in session.execute(stmt)]
        return page(
            items,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda i: (getattr(i, sort), i.id),
        )


def _pattern(term: str) -> str:
    """``LIKE '%term%' ESCAPE '\\'`` for a lower-cased search term."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _address_key(suppression: Suppression) -> tuple[str, UUID]:
    return suppression.address, _NO_ID


_NO_ID = UUID(int=0)
