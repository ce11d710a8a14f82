"""Repositories of whole aggregates over one session (writes go through these).

Rows are read FOR UPDATE (PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE), and
updates are conditional on the version read, so two concurrent changes of one record (two
conversions of one lead, two approvals of one quote) cannot both win.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db.bulk import insert_many
from crm_chassis.db.statements import row_by_id
from crm_chassis.errors import Conflict
from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.domain.enquiries import Enquiry
from crm_sales.domain.leads import Lead
from crm_sales.domain.opportunities import Opportunity


class ConcurrentUpdate(Conflict):
    def __init__(self, record_id: object) -> None:
        super().__init__(f"Record {record_id} was changed concurrently; try again.")


class Repository:
    table: sa.Table
    cls: type

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Any] = []
        self._loaded: dict[UUID, int] = {}

    def _row(self, record_id: UUID, *, lock: bool = True) -> Any:
        return self.session.execute(
            row_by_id(self.table, lock=lock), {"record_id": record_id}
        ).first()

    def get(self, record_id: UUID) -> Any:
        row = self._row(record_id)
        if row is None:
            return None
        item = self._build(row)
        self.seen.append(item)
        self._loaded[item.id] = item.version
        return item

    def adopt(self, item: Any) -> bool:
        """Take ``item``, read by an earlier transaction, as if read here, when its row is
        still at that version (locked, as by ``get``); False when it changed since."""
        stmt = _version_by_id(self.table)
        current = self.session.execute(stmt, {"record_id": item.id}).scalar_one_or_none()
        if current is None or current != item.version:
            return False
        self.seen.append(item)
        self._loaded[item.id] = item.version
        return True

    def _build(self, row: Any) -> Any:
        return rows.build(self.cls, row)

    def add(self, item: Any) -> None:
        # Values as parameters of the one cached statement: built with .values(), the
        # statement was new on every call, its ~50 values coerced and its cache key computed
        # each time (py-spy, GIL view: a third of sales-web's CPU under lead creation).
        self.session.execute(sa.insert(self.table), rows.values(item, self.table))
        self._after_write(item, new=True)
        self.seen.append(item)

    def save(self, item: Any) -> None:
        loaded = self._loaded.get(item.id)
        if loaded is None or loaded == item.version:
            return
        data = {
            k: v for k, v in rows.values(item, self.table).items() if k not in ("id", "created_at")
        }
        # Values as parameters of one cached statement (as in add): .values(**data) built a
        # new statement per save, its values coerced and its cache key computed each time,
        # inside the write lock (py-spy, GIL view: 16 % of a lead conversion's CPU).
        data["record_id"], data["loaded_version"] = item.id, loaded
        result = self.session.execute(_update_by_version(self.table), data)
        if result.rowcount != 1:
            raise ConcurrentUpdate(item.id)
        self._loaded[item.id] = item.version
        self._after_write(item, new=False)

    def remove(self, item: Any) -> None:
        """Delete the row; side tables go with it (ON DELETE CASCADE, or explicitly)."""
        self._before_delete(item)
        self.session.execute(sa.delete(self.table).where(self.table.c.id == item.id))

    def _before_delete(self, item: Any) -> None:
        """SQLite enforces no foreign keys here: remove side rows explicitly."""

    def _after_write(self, item: Any, *, new: bool) -> None:
        """Side tables (tags, history, lines)."""


@functools.cache
def _version_by_id(table: sa.Table) -> sa.Select:
    """The version of the row ``:record_id``, FOR UPDATE."""
    return (
        sa.select(table.c.version).where(table.c.id == sa.bindparam("record_id")).with_for_update()
    )


@functools.cache
def _update_by_version(table: sa.Table) -> sa.Update:
    """UPDATE of the row ``:record_id`` still at ``:loaded_version``; the SET clause is the
    columns among the parameters."""
    return sa.update(table).where(
        table.c.id == sa.bindparam("record_id"),
        table.c.version == sa.bindparam("loaded_version"),
    )


class LeadRepository(Repository):
    table, cls = t.leads, Lead

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._tags_read: dict[UUID, Any] = {}

    def _before_delete(self, lead: Lead) -> None:
        for side in (t.lead_tags, t.lead_status_history):
            self.session.execute(sa.delete(side).where(side.c.lead_id == lead.id))

    def add_many(self, leads: Sequence[Lead]) -> None:
        """Insert new leads set at a time (one COPY per table on PostgreSQL): imports."""
        insert_many(self.session, t.leads, [rows.values(lead, t.leads) for lead in leads])
        insert_many(self.session, t.lead_tags, [r for lead in leads for r in _tag_rows(lead)])
        history = [r for lead in leads for r in _history_rows(lead)]
        insert_many(self.session, t.lead_status_history, history)
        for lead in leads:
            lead.history.clear()
        self.seen.extend(leads)

    def get(self, record_id: UUID) -> Any:
        lead = super().get(record_id)
        if lead is not None:
            self._tags_read[lead.id] = lead.tags
        return lead

    def adopt(self, lead: Lead) -> bool:
        if not super().adopt(lead):
            return False
        self._tags_read[lead.id] = lead.tags  # the same version: the same tag rows
        return True

    def _after_write(self, lead: Lead, *, new: bool) -> None:
        # The lookup rows are rewritten only when the tags changed: most saves (conversion,
        # status changes) keep them, and a DELETE and INSERT were two statements more
        # inside the write lock.
        tags_read = self._tags_read.get(lead.id)
        if new or tags_read != lead.tags:
            if not new:
                lookup = t.lead_tags.c.lead_id == lead.id
                self.session.execute(sa.delete(t.lead_tags).where(lookup))
            tags = _tag_rows(lead)
            if tags:
                self.session.execute(sa.insert(t.lead_tags), tags)
            self._tags_read[lead.id] = lead.tags
        if lead.history:
            self.session.execute(sa.insert(t.lead_status_history), _history_rows(lead))
            lead.history.clear()

    def find_duplicate(
        self, email_lc: str | None, name_key: str, exclude: UUID | None = None
    ) -> UUID | None:
        """The oldest existing lead with the same e-mail, or the same name and company.

        The oldest match of each key is read through its (key, created_at) index, one row
        each: with ``name_key = ? OR email_lc = ?`` the database collected every match and
        sorted them, a cost growing with the number of duplicates.
        """
        stmt = _oldest_duplicate(bool(email_lc), exclude is not None)
        params = {"name_key": name_key, "email_lc": email_lc, "exclude": exclude}
        row = self.session.execute(stmt, params).first()
        return None if row is None else row.id

    def duplicate_keys_of(
        self, emails: Sequence[str], name_keys: Sequence[str], chunk: int = 2000
    ) -> list[tuple[Any, UUID, str | None, str]]:
        """Stored leads with one of these e-mails or name keys, as (created_at, id, email_lc,
        name_key): an import's duplicate look-ups, a few indexed queries instead of one per row.
        """
        found: dict[UUID, tuple[Any, UUID, str | None, str]] = {}
        c = t.leads.c
        for column, keys in ((c.email_lc, list(emails)), (c.name_key, list(name_keys))):
            for start in range(0, len(keys), chunk):
                stmt = sa.select(c.created_at, c.id, c.email_lc, c.name_key).where(
                    column.in_(keys[start : start + chunk])
                )
                for row in self.session.execute(stmt):
                    found[row.id] = (row.created_at, row.id, row.email_lc, row.name_key)
        return list(found.values())

    def by_source_ref(self, ref: str) -> UUID | None:
        row = self.session.execute(
            sa.select(t.leads.c.id).where(t.leads.c.source_ref == ref)
        ).first()
        return None if row is None else row.id

    def stale_ids(self, before: Any, limit: int = 500) -> list[UUID]:
        stmt = (
            sa.select(t.leads.c.id)
            .where(
                t.leads.c.converted.is_(False),
                t.leads.c.last_touched_at < before,
                t.leads.c.stale_notified_at.is_(None),
            )
            .order_by(t.leads.c.last_touched_at)
            .limit(limit)
        )
        return [r.id for r in self.session.execute(stmt)]


@cache
def _oldest_duplicate(by_email: bool, excluding: bool) -> sa.Select:
    """The duplicate check's statement, built once per shape (values are bound per call):
    built per call, its union was compiled and its cache key computed on every lead."""
    c = t.leads.c

    def oldest(column: sa.Column, key: str) -> sa.Select:
        stmt = sa.select(c.id, c.created_at).where(column == sa.bindparam(key))
        if excluding:
            stmt = stmt.where(c.id != sa.bindparam("exclude"))
        return stmt.order_by(c.created_at).limit(1)

    if not by_email:
        return oldest(c.name_key, "name_key")
    both = (oldest(c.name_key, "name_key"), oldest(c.email_lc, "email_lc"))
    found = sa.union_all(*(s.subquery().select() for s in both)).subquery()
    return sa.select(found.c.id).order_by(found.c.created_at).limit(1)


def _tag_rows(lead: Lead) -> list[dict[str, Any]]:
    # Tags are found case-insensitively: the lookup table keeps them lower-case, once each.
    return [{"lead_id": lead.id, "tag": tag} for tag in sorted({x.lower() for x in lead.tags})]


def _history_rows(lead: Lead) -> list[dict[str, Any]]:
    return [
        {
            "lead_id": lead.id,
            "from_status": h.from_status,
            "to_status": h.to_status,
            "changed_by": h.by,
            "changed_at": h.at,
            "reason": h.reason,
        }
        for h in lead.history
    ]


class OpportunityRepository(Repository):
    table, cls = t.opportunities, Opportunity

    def _before_delete(self, opp: Opportunity) -> None:
        h = t.opportunity_stage_history
        self.session.execute(sa.delete(h).where(h.c.opportunity_id == opp.id))

    def _after_write(self, opp: Opportunity, *, new: bool) -> None:
        if opp.history:
            self.session.execute(
                sa.insert(t.opportunity_stage_history),
                [
                    {
                        "opportunity_id": opp.id,
                        "from_stage": h.from_stage,
                        "to_stage": h.to_stage,
                        "amount": str(h.amount) if h.amount is not None else None,
                        "probability": h.probability,
                        "changed_by": h.by,
                        "changed_at": h.at,
                        "reason": h.reason,
                    }
                    for h in opp.history
                ],
            )
            opp.history.clear()


class EnquiryRepository(Repository):
    table, cls = t.enquiries, Enquiry
