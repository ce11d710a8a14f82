"""In-memory implementations of the audience ports, for tests of what uses them (the
mass e-mail job) without lists, segments or templates in a database or gRPC servers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from uuid import UUID

from crm_marketing.domain.audience_errors import AudienceNotFound, TemplateNotFound
from crm_marketing.domain.ports import Recipient, RenderedMail


@dataclass
class MemoryRecipients:
    """Audiences given as lists of recipients (skipped ones included, as the real one)."""

    audiences: dict[UUID, list[Recipient]] = field(default_factory=dict)

    def resolve(self, audience_id: UUID, *, token: str | None = None) -> Iterator[Recipient]:
        if audience_id not in self.audiences:
            raise AudienceNotFound(f"no mailing list or segment {audience_id}")
        yield from self.audiences[audience_id]

    def modules(self, audience_id: UUID) -> frozenset[str]:
        found = self.audiences.get(audience_id)
        if found is None:
            raise AudienceNotFound(f"no mailing list or segment {audience_id}")
        kinds = {"contacts" if r.contact_id else "leads" for r in found}
        return frozenset(kinds)


@dataclass
class MemoryTemplates:
    """Templates as format strings over ``name``, ``address`` and ``unsubscribe_url``."""

    templates: dict[UUID, RenderedMail] = field(default_factory=dict)

    def render(
        self,
        template_id: UUID,
        recipient: Recipient,
        *,
        sender: Mapping[str, str] | None = None,
        unsubscribe_url: str = "",
    ) -> RenderedMail:
        found = self.templates.get(template_id)
        if found is None:
            raise TemplateNotFound(f"no template {template_id}")
        values = {
            "name": recipient.name,
            "address": recipient.address,
            "unsubscribe_url": unsubscribe_url,
        }
        return RenderedMail(
            subject=found.subject.format(**values),
            html=found.html.format(**values),
            text=found.text.format(**values),
        )
