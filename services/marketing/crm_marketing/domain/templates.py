"""The mail-merge template: a subject, an HTML part and a text part, checked when saved.

A template is refused (422 naming the part and the line) when a part does not parse, uses
an undeclared field or anything outside what a mail merge needs (see ``template_engine``).
The text part is optional: when absent it is derived from the HTML at render time, so an
edit of the HTML never leaves a stale text part behind.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_marketing.domain import merge_fields, template_engine
from crm_marketing.domain.audience_errors import InvalidTemplate, TemplateRenderError
from crm_marketing.domain.html_text import html_to_text
from crm_marketing.domain.ports import RenderedMail

MAX_NAME = 200
MAX_SUBJECT = 500
MAX_PART = 500_000
#: The parts a template has, whether each is HTML, and its size limit.
PARTS: dict[str, tuple[bool, int]] = {
    "subject": (False, MAX_SUBJECT),
    "html": (True, MAX_PART),
    "text": (False, MAX_PART),
}
EDITABLE = ("name", "description", "subject", "html", "text", "owner_id")


@dataclass(frozen=True)
class TemplateFields:
    """What a caller gives for a template (all of them on create, some on a change)."""

    name: str | None = None
    description: str | None = None
    subject: str | None = None
    html: str | None = None
    text: str | None = None
    #: A user or group; None on create: the caller (checked by the use case).
    owner_id: UUID | None = None


@dataclass
class MailTemplate:
    id: UUID
    name: str
    subject: str
    html: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    description: str | None = None
    text: str | None = None
    #: A user or group (record-level access, as campaigns); None: administrators only.
    owner_id: UUID | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(cls, *, id: UUID, fields: TemplateFields, by: str, now: datetime) -> MailTemplate:
        """A new template, refused (InvalidTemplate) unless every part checks."""
        template = cls(
            id=id,
            name=(fields.name or "").strip(),
            subject=fields.subject or "",
            html=fields.html or "",
            text=fields.text or None,
            description=fields.description,
            owner_id=fields.owner_id,
            created_at=now,
            updated_at=now,
            created_by=by,
        )
        template.check()
        return template

    def change(self, fields: TemplateFields, sent: Collection[str], now: datetime) -> None:
        """Apply the sent fields; the template is checked as a whole before it changes."""
        values = {n: getattr(fields, n) for n in EDITABLE if n in sent}
        if "name" in values:
            values["name"] = (values["name"] or "").strip()
        if "text" in values:
            values["text"] = values["text"] or None
        candidate = MailTemplate(**{**self._state(), **values})
        candidate.check()
        for name, value in values.items():
            setattr(self, name, value)
        self.updated_at = now
        self.version += 1

    def check(self) -> None:
        """Raise InvalidTemplate with every problem (field = part, message with the line)."""
        errors: list[FieldError] = []
        if not self.name:
            errors.append(FieldError("name", "required"))
        elif len(self.name) > MAX_NAME:
            errors.append(FieldError("name", f"at most {MAX_NAME} characters"))
        # A PATCH may send null for a required part: "required", never an AttributeError.
        if not (self.subject or "").strip():
            errors.append(FieldError("subject", "required"))
        if not (self.html or "").strip():
            errors.append(FieldError("html", "required"))
        for part, (is_html, limit) in PARTS.items():
            source = getattr(self, part) or ""
            if len(source) > limit:
                errors.append(FieldError(part, f"at most {limit} characters"))
                continue
            for p in template_engine.check(part, source, html=is_html):
                errors.append(FieldError(part, f"line {p.line}: {p.message}"))
        if errors:
            raise InvalidTemplate("The template cannot be saved.", errors=errors)

    def render(
        self, groups: Mapping[str, Mapping[str, Any]], *, unsubscribe_url: str = ""
    ) -> RenderedMail:
        """Render for one record's merge fields (``contact``/``account``, ``lead``, ``sender``)."""
        values = merge_fields.context(groups, unsubscribe_url=unsubscribe_url)
        try:
            subject = template_engine.render(self.subject, values, html=False)
            html = template_engine.render(self.html, values, html=True)
            text = (
                template_engine.render(self.text, values, html=False)
                if self.text
                else html_to_text(html)
            )
        except template_engine.RenderFailure as exc:
            raise TemplateRenderError(str(exc)) from exc
        # A subject is one header line: a field holding a line break must not add headers.
        return RenderedMail(subject=" ".join(subject.split()), html=html, text=text)

    def _state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "subject": self.subject,
            "html": self.html,
            "text": self.text,
            "description": self.description,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "created_by": self.created_by,
            "owner_id": self.owner_id,
            "version": self.version,
        }
