"""In-memory implementations of the audience ports, for tests of what uses them (the
mass e-mail job) without lists, segments or templates in a database or gRPC servers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from crm_marketing.domain.audience_errors import AudienceNotFound, TemplateNotFound
from crm_marketing.domain.ports import Person, PersonPage, Recipient, RenderedMail


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


def contact_person(email: str | None = "ada@example.org", **extra: Any) -> Person:
    first = extra.pop("first_name", "Ada")
    fields = {"first_name": first, "last_name": "Lovelace", "email": email or ""}
    account = {"name": extra.pop("account_name", "Analytical Engines Ltd")}
    return Person(
        kind="contact",
        id=extra.pop("id", uuid4()),
        email=email,
        name=f"{first} Lovelace",
        merge_fields={"contact": fields, "account": account},
        **extra,
    )


def lead_person(email: str | None = "grace@example.org", **extra: Any) -> Person:
    fields = {"first_name": "Grace", "last_name": "Hopper", "company": "Navy", "email": email}
    return Person(
        kind="lead",
        id=extra.pop("id", uuid4()),
        email=email,
        name="Grace Hopper",
        merge_fields={"lead": fields},
        **extra,
    )


class MemoryPeople:
    """Records by kind; ``page`` serves them in pages of ``page_size`` and counts calls."""

    def __init__(self, *people: Person) -> None:
        self.people: dict[UUID, Person] = {p.id: p for p in people}
        self.calls: list[tuple[str, Any]] = []

    def add(self, *people: Person) -> None:
        self.people.update({p.id: p for p in people})

    def get_many(self, kind: str, ids: list[UUID], *, token: str | None) -> list[Person]:
        self.calls.append(("get_many", (kind, len(ids), token)))
        return [self.people[i] for i in ids if i in self.people and self.people[i].kind == kind]

    def page(
        self,
        kind: str,
        criteria: Mapping[str, Any],
        *,
        token: str | None,
        page_token: str | None,
        page_size: int,
    ) -> PersonPage:
        self.calls.append(("page", (kind, dict(criteria), page_token, token)))
        matching = [p for p in self.people.values() if p.kind == kind]
        start = int(page_token or 0)
        chunk = matching[start : start + page_size]
        more = start + page_size < len(matching)
        return PersonPage(chunk, str(start + page_size) if more else None)
