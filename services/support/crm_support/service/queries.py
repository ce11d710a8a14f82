"""Reads: get, batch get, keyset-paged lists and searches of tickets, and their threads.

REST and gRPC call these same functions. The caller's record scope is in the SQL (an
invisible ticket is never fetched: 404 exactly like a random id); a filter or sort on a
field hidden from the caller is 403 naming it; ``q=`` matches only what the caller sees. A
portal caller sees only its account's tickets, only public comments, and attachments of
the ticket or of its public comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import FieldAccess, RecordAccess
from crm_access.field_queries import check_query_fields, searchable_fields
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import BadRequest, FieldError, RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, page, parse_sort
from crm_support.adapters import rows
from crm_support.adapters import tables as t
from crm_support.adapters.repositories import RuleRepository, SettingsRepository
from crm_support.domain.assignment import SETTINGS_KEY, AssignmentRule, TicketSettings
from crm_support.domain.comments import Attachment, Comment
from crm_support.domain.errors import TicketNotFound
from crm_support.domain.picklists import PICKLISTS_KEY, TicketLists
from crm_support.domain.tickets import OPEN_STATUSES, Ticket
from crm_support.service.access import TICKETS, is_portal, require_staff, ticket_fields

MAX_BATCH = 500
SORTS = ("created_at", "updated_at", "number")
EXACT = (
    "status",
    "priority",
    "severity",
    "category",
    "channel",
    "owner_id",
    "account_id",
    "contact_id",
    "product_id",
    "parent_ticket_id",
    "number",
)
#: Filters whose record field is not their own name.
READS = {"open_only": ("status",)}
#: The fields ``search_text`` is built from.
SEARCHED = ("number", "title", "description")


def like_pattern(term: str) -> str:
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(fields: FieldAccess, pattern: str) -> sa.ColumnElement[bool]:
    """``search_text`` when the caller sees every searched field, else the visible ones."""
    if not fields.hidden & set(SEARCHED):
        return t.tickets.c.search_text.like(pattern, escape="\\")
    visible = searchable_fields(fields, SEARCHED)
    terms = [sa.func.lower(t.tickets.c[n]).like(pattern, escape="\\") for n in visible]
    return sa.or_(sa.false(), *terms)


def _keyset(stmt: sa.Select, sort: str, descending: bool, after: Any, limit: int) -> sa.Select:
    sort_col, id_col = t.tickets.c[sort], t.tickets.c.id
    if after is not None:
        key = sa.tuple_(sort_col, id_col)
        value = sa.tuple_(
            sa.literal(after.value, type_=sort_col.type),
            sa.literal(UUID(after.id), type_=id_col.type),
        )
        stmt = stmt.where(key < value if descending else key > value)
    order = (sort_col.desc(), id_col.desc()) if descending else (sort_col.asc(), id_col.asc())
    return stmt.order_by(*order).limit(limit + 1)


class Queries:
    """Read side of the service, bound to one database and access policy."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def fields(self, principal: Principal) -> FieldAccess:
        return ticket_fields(self.access, principal)

    def _visible(self, principal: Principal, stmt: sa.Select) -> sa.Select:
        condition = self.access.visible_filter(principal, TICKETS, t.tickets)
        return stmt if condition is None else stmt.where(condition)

    def get(self, principal: Principal, ticket_id: UUID) -> Ticket:
        self.access.require(principal, TICKETS, "view")
        stmt = self._visible(principal, sa.select(t.tickets).where(t.tickets.c.id == ticket_id))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise TicketNotFound(ticket_id)
        return rows.build(Ticket, row)

    def batch(self, principal: Principal, ids: Sequence[UUID]) -> list[Ticket]:
        self.access.require(principal, TICKETS, "view")
        if len(ids) > MAX_BATCH:
            raise BadRequest(
                f"At most {MAX_BATCH} ids per call.",
                errors=[FieldError("ids", f"at most {MAX_BATCH}")],
            )
        if not ids:
            return []
        stmt = self._visible(principal, sa.select(t.tickets).where(t.tickets.c.id.in_(set(ids))))
        with self.db.reading() as session:
            return [rows.build(Ticket, r) for r in session.execute(stmt)]

    def list(self, principal: Principal, params: ListParams) -> tuple[list[Ticket], str | None]:
        """One page of the caller's tickets (keyset on (sort, id); never a count)."""
        self.access.require(principal, TICKETS, "view")
        sort, descending = parse_sort(params.sort, set(SORTS), "-created_at")
        fields = self.fields(principal)
        used = {n: READS.get(n, (n,)) for n, v in params.filters.items() if v is not None}
        if params.sort:
            used["sort"] = (sort,)
        if params.updated_since is not None:
            used["updated_since"] = ("updated_at",)
        check_query_fields(fields, used)
        stmt = self._visible(principal, sa.select(t.tickets))
        for name in EXACT:
            value = params.filters.get(name)
            if value is not None:
                stmt = stmt.where(t.tickets.c[name] == value)
        if params.filters.get("open_only"):
            stmt = stmt.where(t.tickets.c.status.in_(OPEN_STATUSES))
        if params.updated_since is not None:
            stmt = stmt.where(t.tickets.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            stmt = stmt.where(_search(fields, like_pattern(params.q)))
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = _keyset(stmt, sort, descending, after, params.limit)
        with self.db.reading() as session:
            found = [rows.build(Ticket, r) for r in session.execute(stmt)]
        return page(
            found,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda item: (getattr(item, sort), item.id),
        )

    def comments(self, principal: Principal, ticket_id: UUID) -> list[Comment]:
        """The thread, oldest first; a portal caller sees the public comments only."""
        self.get(principal, ticket_id)
        c = t.ticket_comments.c
        stmt = sa.select(t.ticket_comments).where(c.ticket_id == ticket_id)
        if is_portal(principal):
            stmt = stmt.where(c.is_public.is_(True))
        with self.db.reading() as session:
            found = session.execute(stmt.order_by(c.created_at, c.id)).all()
        return [rows.build(Comment, r) for r in found]

    def _attachments(
        self, principal: Principal, ticket_id: UUID, *, content: bool = False
    ) -> sa.Select:
        a = t.ticket_attachments
        # Lists leave the bytes in the table; only a download reads them.
        columns = list(a.c) if content else [c for c in a.c if c.name != "content"]
        stmt = sa.select(*columns).where(a.c.ticket_id == ticket_id)
        if is_portal(principal):
            # Files of internal comments stay with staff.
            internal = sa.select(t.ticket_comments.c.id).where(
                t.ticket_comments.c.ticket_id == ticket_id,
                t.ticket_comments.c.is_public.is_(False),
            )
            stmt = stmt.where(sa.or_(a.c.comment_id.is_(None), a.c.comment_id.not_in(internal)))
        return stmt

    def attachments(self, principal: Principal, ticket_id: UUID) -> list[Attachment]:
        self.get(principal, ticket_id)
        a = t.ticket_attachments
        stmt = self._attachments(principal, ticket_id).order_by(a.c.created_at, a.c.id)
        with self.db.reading() as session:
            return [rows.build(Attachment, r) for r in session.execute(stmt)]

    def attachment(
        self, principal: Principal, ticket_id: UUID, attachment_id: UUID
    ) -> tuple[Attachment, bytes]:
        """One file and its bytes, only from a ticket the caller may see."""
        self.get(principal, ticket_id)
        a = t.ticket_attachments
        stmt = self._attachments(principal, ticket_id, content=True).where(a.c.id == attachment_id)
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound("Attachment", attachment_id)
        return rows.build(Attachment, row), bytes(row.content)

    def history(self, principal: Principal, ticket_id: UUID) -> list[dict[str, Any]]:
        """Status, owner and priority changes, oldest first (staff only)."""
        require_staff(principal)
        self.get(principal, ticket_id)
        h = t.ticket_history
        stmt = sa.select(h).where(h.c.ticket_id == ticket_id).order_by(h.c.id)
        fields = self.fields(principal)
        shown = {"status": "status", "owner": "owner_id", "priority": "priority"}
        with self.db.reading() as session:
            found = session.execute(stmt).all()
        return [
            {
                "field": r.field,
                "old_value": r.old_value,
                "new_value": r.new_value,
                "changed_at": r.changed_at,
                "changed_by": r.changed_by,
                "reason": r.reason,
            }
            for r in found
            # An entry about a field hidden from the caller would reveal it.
            if fields.visible(shown.get(r.field, r.field))
        ]

    def assignment_rules(self, principal: Principal) -> list[AssignmentRule]:
        self.access.require(principal, TICKETS, "view")
        require_staff(principal)
        with self.db.reading() as session:
            return RuleRepository(session).all()

    def ticket_picklists(self, principal: Principal) -> TicketLists:
        self.access.require(principal, TICKETS, "view")
        with self.db.reading() as session:
            return TicketLists.of(SettingsRepository(session).get(PICKLISTS_KEY))

    def ticket_settings(self, principal: Principal) -> TicketSettings:
        self.access.require(principal, TICKETS, "view")
        require_staff(principal)
        with self.db.reading() as session:
            return TicketSettings.of(SettingsRepository(session).get(SETTINGS_KEY))
