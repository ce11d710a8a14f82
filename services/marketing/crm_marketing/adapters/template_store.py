"""Templates in the database: rows <-> ``MailTemplate``, writes guarded by the version."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_marketing.adapters.tables import audience
from crm_marketing.domain.templates import MailTemplate

mail_templates = audience.templates
COLUMNS = (
    "id",
    "name",
    "description",
    "subject",
    "html",
    "text",
    "owner_id",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)


def template_from_row(row: Any) -> MailTemplate:
    return MailTemplate(**{c: getattr(row, c) for c in COLUMNS})


def template_values(template: MailTemplate) -> dict[str, Any]:
    return {c: getattr(template, c) for c in COLUMNS}


class TemplateStore:
    """Reads a template for change (row locked) and writes it back guarded by its version."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._loaded: dict[UUID, int] = {}

    def get(self, template_id: UUID, *, for_update: bool = False) -> MailTemplate | None:
        stmt = sa.select(mail_templates).where(mail_templates.c.id == template_id)
        row = self.session.execute(stmt.with_for_update() if for_update else stmt).first()
        if row is None:
            return None
        template = template_from_row(row)
        self._loaded[template.id] = template.version
        return template

    def add(self, template: MailTemplate) -> None:
        self.session.execute(sa.insert(mail_templates).values(**template_values(template)))

    def save(self, template: MailTemplate) -> None:
        read_at = self._loaded.get(template.id)
        if read_at is None or read_at == template.version:
            return
        result = self.session.execute(
            sa.update(mail_templates)
            .where(mail_templates.c.id == template.id, mail_templates.c.version == read_at)
            .values(**template_values(template))
        )
        if result.rowcount != 1:
            raise Conflict(f"Template {template.id} was changed concurrently; try again.")
        self._loaded[template.id] = template.version

    def delete(self, template_id: UUID) -> bool:
        result = self.session.execute(
            sa.delete(mail_templates).where(mail_templates.c.id == template_id)
        )
        return result.rowcount == 1
