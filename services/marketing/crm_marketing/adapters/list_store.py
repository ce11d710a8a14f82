"""Mailing lists, their members and segments in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_marketing.adapters.tables import audience
from crm_marketing.domain.mailing_lists import MailingList, Member
from crm_marketing.domain.segments import Segment

lists, members, segments = audience.lists, audience.members, audience.segments
LIST_COLUMNS = (
    "id",
    "name",
    "description",
    "owner_id",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)
SEGMENT_COLUMNS = (*LIST_COLUMNS, "record_types", "filter")


def list_from_row(row: Any) -> MailingList:
    return MailingList(**{c: getattr(row, c) for c in LIST_COLUMNS})


def segment_from_row(row: Any) -> Segment:
    return Segment(**{c: getattr(row, c) for c in SEGMENT_COLUMNS})


def member_from_row(row: Any) -> Member:
    return Member(
        kind=row.member_type, id=row.member_id, added_by=row.added_by, added_at=row.added_at
    )


class ListStore:
    """Writes of lists, members and segments, guarded by the version read."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_list(self, list_id: UUID, *, for_update: bool = False) -> MailingList | None:
        stmt = sa.select(lists).where(lists.c.id == list_id)
        row = self.session.execute(stmt.with_for_update() if for_update else stmt).first()
        return None if row is None else list_from_row(row)

    def add_list(self, found: MailingList) -> None:
        self.session.execute(sa.insert(lists).values({c: getattr(found, c) for c in LIST_COLUMNS}))

    def save_list(self, found: MailingList) -> None:
        self._save(lists, found, LIST_COLUMNS)

    def delete_list(self, list_id: UUID) -> bool:
        # Members first: SQLite enforces no foreign keys unless asked, so no cascade there.
        self.session.execute(sa.delete(members).where(members.c.list_id == list_id))
        return self.session.execute(sa.delete(lists).where(lists.c.id == list_id)).rowcount == 1

    def add_members(self, list_id: UUID, kind: str, ids: list[UUID], by: str, now: datetime) -> int:
        """Insert the members not there yet; how many were new."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        added = 0
        for member_id in dict.fromkeys(ids):
            stmt = insert(members).values(
                list_id=list_id, member_type=kind, member_id=member_id, added_by=by, added_at=now
            )
            stmt = stmt.on_conflict_do_nothing(
                index_elements=["list_id", "member_type", "member_id"]
            )
            # RETURNING, not rowcount: psycopg reports no row count for ON CONFLICT inserts.
            found = self.session.execute(stmt.returning(members.c.member_id)).first()
            added += found is not None
        return added

    def remove_member(self, list_id: UUID, kind: str, member_id: UUID) -> bool:
        stmt = sa.delete(members).where(
            members.c.list_id == list_id,
            members.c.member_type == kind,
            members.c.member_id == member_id,
        )
        return self.session.execute(stmt).rowcount == 1

    def member_ids(self, list_id: UUID, kind: str, *, chunk: int = 500) -> Iterator[list[UUID]]:
        """The list's members of one kind, in chunks, by id (keyset: no offset scans)."""
        last: UUID | None = None
        while True:
            stmt = sa.select(members.c.member_id).where(
                members.c.list_id == list_id, members.c.member_type == kind
            )
            if last is not None:
                stmt = stmt.where(members.c.member_id > last)
            ids = list(self.session.scalars(stmt.order_by(members.c.member_id).limit(chunk)))
            if not ids:
                return
            yield ids
            last = ids[-1]

    def member_kinds(self, list_id: UUID) -> set[str]:
        stmt = sa.select(members.c.member_type).where(members.c.list_id == list_id).distinct()
        return set(self.session.scalars(stmt))

    def get_segment(self, segment_id: UUID, *, for_update: bool = False) -> Segment | None:
        stmt = sa.select(segments).where(segments.c.id == segment_id)
        row = self.session.execute(stmt.with_for_update() if for_update else stmt).first()
        return None if row is None else segment_from_row(row)

    def add_segment(self, found: Segment) -> None:
        values = {c: getattr(found, c) for c in SEGMENT_COLUMNS}
        self.session.execute(sa.insert(segments).values(values))

    def save_segment(self, found: Segment) -> None:
        self._save(segments, found, SEGMENT_COLUMNS)

    def delete_segment(self, segment_id: UUID) -> bool:
        stmt = sa.delete(segments).where(segments.c.id == segment_id)
        return self.session.execute(stmt).rowcount == 1

    def _save(self, table: sa.Table, found: Any, columns: tuple[str, ...]) -> None:
        # The change bumped the version by one from what was read (under the row lock).
        result = self.session.execute(
            sa.update(table)
            .where(table.c.id == found.id, table.c.version == found.version - 1)
            .values({c: getattr(found, c) for c in columns})
        )
        if result.rowcount != 1:
            raise Conflict(f"{found.id} was changed concurrently; try again.")
