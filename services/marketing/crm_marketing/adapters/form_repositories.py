"""Repositories of lead forms and their submissions, with the row <-> aggregate mapping.

Forms are written back guarded by the version they were read at. Submissions are
insert-only; the unique (form, client key) turns a retried submission into the first one's
answer, and the rate limits count rows of the last hour through the time indexes.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_chassis.errors import FieldError, RecordNotFound
from crm_marketing.adapters.tables import form_submissions, lead_forms
from crm_marketing.domain.forms import Form, FormField, FormSpec
from crm_marketing.domain.submissions import Submission


def definition_of(spec: FormSpec) -> dict[str, Any]:
    data = asdict(spec)
    for key in ("campaign_id", "lead_owner_id"):
        data[key] = str(data[key]) if data[key] else None
    return data


def spec_of(data: dict[str, Any]) -> FormSpec:
    fields = tuple(
        FormField(**{**f, "choices": tuple(f.get("choices") or ())}) for f in data["fields"]
    )
    return FormSpec(
        **{
            **data,
            "fields": fields,
            "allowed_origins": tuple(data.get("allowed_origins") or ()),
            "campaign_id": UUID(data["campaign_id"]) if data.get("campaign_id") else None,
            "lead_owner_id": UUID(data["lead_owner_id"]) if data.get("lead_owner_id") else None,
        }
    )


def form_of(row: Any) -> Form:
    return Form(
        id=row.id,
        spec=spec_of(row.definition),
        owner_id=row.owner_id,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _form_values(form: Form) -> dict[str, Any]:
    return {
        "id": form.id,
        "name": form.spec.name,
        "status": form.status,
        "owner_id": form.owner_id,
        "campaign_id": form.spec.campaign_id,
        "definition": definition_of(form.spec),
        "created_at": form.created_at,
        "updated_at": form.updated_at,
        "version": form.version,
    }


class FormRepository:
    """Lead forms of one transaction; remembers what it handed out (no events yet)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._read: dict[UUID, int] = {}
        self.seen: list[Form] = []

    def add(self, form: Form) -> None:
        self.session.execute(sa.insert(lead_forms).values(**_form_values(form)))

    def find(self, form_id: UUID) -> Form | None:
        row = self.session.execute(
            sa.select(lead_forms).where(lead_forms.c.id == form_id)
        ).one_or_none()
        if row is None:
            return None
        form = form_of(row)
        self._read[form.id] = form.version
        self.seen.append(form)
        return form

    def get(self, form_id: UUID) -> Form:
        form = self.find(form_id)
        if form is None:
            raise RecordNotFound("Form", form_id)
        return form

    def save(self, form: Form) -> None:
        """Write back a changed form, guarded by the version it was read at."""
        was = self._read.get(form.id)
        if was is None or was == form.version:
            return
        done = self.session.execute(
            sa.update(lead_forms)
            .where(lead_forms.c.id == form.id, lead_forms.c.version == was)
            .values(**_form_values(form))
        )
        if done.rowcount != 1:
            raise RecordNotFound("Form", form.id)


def submission_of(row: Any) -> Submission:
    return Submission(
        id=row.id,
        form_id=row.form_id,
        status=row.status,
        created_at=row.created_at,
        ip_hash=row.ip_hash,
        reason=row.reason,
        detail=row.detail,
        origin=row.origin,
        client_key=row.client_key,
        values=dict(row.field_values),
        errors=tuple(FieldError(e["field"], e["message"]) for e in row.field_errors),
        campaign_id=row.campaign_id,
    )


class SubmissionRepository:
    """Submissions of one transaction; accepted ones record ``LeadCaptured``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Submission] = []

    def add(self, s: Submission) -> bool:
        """Insert ``s``; False when its client key was stored meanwhile (a concurrent retry),
        so the caller answers that one instead."""
        insert = sa.insert(form_submissions).values(
            id=s.id,
            form_id=s.form_id,
            status=s.status,
            reason=s.reason,
            detail=s.detail,
            origin=s.origin,
            ip_hash=s.ip_hash,
            client_key=s.client_key,
            campaign_id=s.campaign_id,
            field_values=s.values,
            field_errors=[{"field": e.field, "message": e.message} for e in s.errors],
            created_at=s.created_at,
        )
        try:
            with self.session.begin_nested():
                self.session.execute(insert)
        except IntegrityError:
            if s.client_key is None:
                raise
            return False
        self.seen.append(s)
        return True

    def by_client_key(self, form_id: UUID, key: str) -> Submission | None:
        row = self.session.execute(
            sa.select(form_submissions).where(
                form_submissions.c.form_id == form_id, form_submissions.c.client_key == key
            )
        ).one_or_none()
        return None if row is None else submission_of(row)

    def count_since(
        self, since: datetime, *, form_id: UUID | None = None, ip_hash: str | None = None
    ) -> int:
        """Stored submissions since ``since``, of one form or from one address."""
        query = sa.select(sa.func.count()).where(form_submissions.c.created_at >= since)
        if form_id is not None:
            query = query.where(form_submissions.c.form_id == form_id)
        if ip_hash is not None:
            query = query.where(form_submissions.c.ip_hash == ip_hash)
        return int(self.session.execute(query).scalar_one())
