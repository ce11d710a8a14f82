"""Activities' references to accounts and contacts, moved when the record is merged and
unlinked when it is deleted (set-based: one UPDATE per table, never row by row)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_contacts.adapters.activity_tables import calendar_events, notes, tasks, timeline_entries

#: What an activity names its record with, per table (``related_type``/``related_id``).
RELATING = {"tasks": tasks, "events": calendar_events, "notes": notes}


class ActivityReferences:
    def __init__(self, session: Session) -> None:
        self.session = session

    def repoint(
        self, related_type: str, from_ids: list[UUID], to_id: UUID, now: datetime
    ) -> dict[str, int]:
        """Tasks, calls/meetings and notes about the merged records (and their timeline
        entries) now belong to the survivor; returns how many moved, by kind."""
        moved = {}
        for name, table in RELATING.items():
            result = self.session.execute(
                sa.update(table)
                .where(table.c.related_type == related_type, table.c.related_id.in_(from_ids))
                .values(related_id=to_id, version=table.c.version + 1, updated_at=now)
            )
            moved[name] = int(result.rowcount or 0)
        column = timeline_entries.c[f"{related_type}_id"]
        result = self.session.execute(
            sa.update(timeline_entries).where(column.in_(from_ids)).values({column.name: to_id})
        )
        moved["timeline_entries"] = int(result.rowcount or 0)
        return moved

    def unlink(self, related_type: str, record_id: UUID, now: datetime) -> dict[str, int]:
        """Tasks and calls/meetings about a deleted record are about nothing any more (they
        stay their owners' work). Notes on it stay with it: restored or purged with it."""
        unlinked = {}
        for name in ("tasks", "events"):
            table = RELATING[name]
            result = self.session.execute(
                sa.update(table)
                .where(table.c.related_type == related_type, table.c.related_id == record_id)
                .values(
                    related_type=None,
                    related_id=None,
                    version=table.c.version + 1,
                    updated_at=now,
                )
            )
            unlinked[name] = int(result.rowcount or 0)
        return unlinked

    def count(self, related_type: str, record_id: UUID) -> dict[str, int]:
        """How many tasks, calls/meetings and notes are about the record."""
        return {
            name: int(
                self.session.execute(
                    sa.select(sa.func.count()).where(
                        table.c.related_type == related_type, table.c.related_id == record_id
                    )
                ).scalar_one()
            )
            for name, table in RELATING.items()
        }
