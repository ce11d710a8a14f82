"""Reads of online lead forms: one form, the forms a caller may see, a form's submissions.

Lists page by keyset (newest first) with the caller's record scope in the SQL; a form the
caller may not see is a 404, and so are its submissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import RecordNotFound
from crm_chassis.pagination import decode_cursor, keyset, page, parse_sort
from crm_marketing.adapters.form_repositories import form_of, submission_of
from crm_marketing.adapters.tables import form_submissions, lead_forms
from crm_marketing.domain.forms import Form
from crm_marketing.domain.submissions import Submission
from crm_marketing.service.access import FORMS


@dataclass(frozen=True)
class FormFilter:
    status: str | None = None
    campaign_id: UUID | None = None
    q: str | None = None
    updated_since: datetime | None = None
    #: ``created_at`` (oldest first) or ``-created_at`` (newest first, the default).
    sort: str | None = None


class FormQueries:
    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    def form(self, caller: Principal, form_id: UUID) -> Form:
        """The form, or 404 when it does not exist or the caller may not see it."""
        self.access.require(caller, FORMS, "view")
        with self.db.reading() as session:
            row = session.execute(
                sa.select(lead_forms).where(lead_forms.c.id == form_id)
            ).one_or_none()
        form = None if row is None else form_of(row)
        if form is None or not self.access.can_see(caller, FORMS, form):
            raise RecordNotFound("Form", form_id)
        return form

    def forms(
        self, caller: Principal, wanted: FormFilter, *, limit: int, cursor: str | None
    ) -> tuple[list[Form], str | None]:
        self.access.require(caller, FORMS, "view")
        stmt = sa.select(lead_forms)
        scope = self.access.visible_filter(caller, FORMS, lead_forms)
        if scope is not None:
            stmt = stmt.where(scope)
        if wanted.status:
            stmt = stmt.where(lead_forms.c.status == wanted.status)
        if wanted.campaign_id:
            stmt = stmt.where(lead_forms.c.campaign_id == wanted.campaign_id)
        if wanted.q:
            stmt = stmt.where(lead_forms.c.name.ilike(f"%{_escaped(wanted.q)}%", escape="\\"))
        if wanted.updated_since:
            stmt = stmt.where(lead_forms.c.updated_at >= wanted.updated_since)
        sort, desc = parse_sort(wanted.sort, {"created_at"}, "-created_at")
        after = decode_cursor(cursor, sort=sort, descending=desc) if cursor else None
        stmt = keyset(
            stmt,
            lead_forms.c.created_at,
            lead_forms.c.id,
            descending=desc,
            after=after,
            limit=limit,
        )
        with self.db.reading() as session:
            rows = session.execute(stmt).all()
        kept, next_cursor = page(rows, limit=limit, sort=sort, descending=desc, key=_key)
        return [form_of(r) for r in kept], next_cursor

    def submissions(
        self,
        caller: Principal,
        form_id: UUID,
        *,
        status: str | None,
        limit: int,
        cursor: str | None,
    ) -> tuple[list[Submission], str | None]:
        """A form's submissions, newest first (404 when the form is not visible)."""
        self.form(caller, form_id)
        table = form_submissions
        stmt = sa.select(table).where(table.c.form_id == form_id)
        if status:
            stmt = stmt.where(table.c.status == status)
        after = decode_cursor(cursor, sort="created_at", descending=True) if cursor else None
        stmt = keyset(
            stmt, table.c.created_at, table.c.id, descending=True, after=after, limit=limit
        )
        with self.db.reading() as session:
            rows = session.execute(stmt).all()
        kept, next_cursor = page(
            rows,
            limit=limit,
            sort="created_at",
            descending=True,
            key=lambda r: (r.created_at, r.id),
        )
        return [submission_of(r) for r in kept], next_cursor

    def submission(self, caller: Principal, form_id: UUID, submission_id: UUID) -> Submission:
        self.form(caller, form_id)
        table = form_submissions
        with self.db.reading() as session:
            row = session.execute(
                sa.select(table).where(table.c.form_id == form_id, table.c.id == submission_id)
            ).one_or_none()
        if row is None:
            raise RecordNotFound("Submission", submission_id)
        return submission_of(row)


def _key(row: Any) -> tuple[Any, Any]:
    return row.created_at, row.id


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def public_form(db: Database, form_id: UUID) -> Form:
    """The form as the public endpoint needs it (its URLs and origins), or 404."""
    with db.reading() as session:
        row = session.execute(sa.select(lead_forms).where(lead_forms.c.id == form_id)).one_or_none()
    if row is None:
        raise RecordNotFound("Form", form_id)
    return form_of(row)
