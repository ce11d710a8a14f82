"""The audience ports' implementations: lists and segments resolved into recipients
(consent decided on the way), templates rendered from the database.

A list's members are read in chunks of 500 ids (``BatchGet...``); a segment's records in
pages of ``page_size`` (``List...`` with the filter). Each chunk's addresses are checked
against the suppression list with one query. Recipients stream out: a 100,000-person
audience is never held in memory at once, only the set of addresses already taken.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from uuid import UUID

from crm_chassis.db import Database
from crm_marketing.adapters.list_store import ListStore
from crm_marketing.adapters.suppression_store import SuppressionStore
from crm_marketing.adapters.template_store import TemplateStore
from crm_marketing.domain import consent, segments
from crm_marketing.domain.audience_errors import AudienceNotFound, TemplateNotFound
from crm_marketing.domain.ports import People, Person, Recipient, RenderedMail
from crm_marketing.domain.templates import MailTemplate
from crm_marketing.service.audience_access import RECORD_MODULES


class AudienceRecipients:
    """``Recipients`` over the audience's tables and the People port."""

    def __init__(self, db: Database, people: People, *, page_size: int = 500) -> None:
        self.db = db
        self.people = people
        self.page_size = page_size

    def resolve(self, audience_id: UUID, *, token: str | None = None) -> Iterator[Recipient]:
        seen: set[str] = set()
        for chunk in self._people(audience_id, token):
            yield from self._decided(chunk, seen)

    def modules(self, audience_id: UUID) -> frozenset[str]:
        return frozenset(RECORD_MODULES[k] for k in self._kinds(audience_id))

    def _kinds(self, audience_id: UUID) -> tuple[str, ...]:
        with self.db.reading() as session:
            store = ListStore(session)
            segment = store.get_segment(audience_id)
            if segment is not None:
                return segment.kinds()
            if store.get_list(audience_id) is None:
                raise AudienceNotFound(f"No mailing list or segment {audience_id}.")
            # The kinds a static list holds now (a mailing checks them when scheduled).
            held = store.member_kinds(audience_id)
            return tuple(k for k in ("contact", "lead") if k in held)

    def _people(self, audience_id: UUID, token: str | None) -> Iterator[list[Person]]:
        with self.db.reading() as session:
            store = ListStore(session)
            segment = store.get_segment(audience_id)
            found_list = None if segment else store.get_list(audience_id)
        if segment is not None:
            criteria = segments.criteria(segment.filter)
            for kind in segment.kinds():
                yield from self._pages(kind, criteria, token)
        elif found_list is not None:
            for kind in ("contact", "lead"):
                yield from self._members(audience_id, kind, token)
        else:
            raise AudienceNotFound(f"No mailing list or segment {audience_id}.")

    def _members(self, list_id: UUID, kind: str, token: str | None) -> Iterator[list[Person]]:
        with self.db.reading() as session:
            chunks = list(ListStore(session).member_ids(list_id, kind))
        for ids in chunks:
            yield self.people.get_many(kind, ids, token=token)

    def _pages(
        self, kind: str, criteria: Mapping[str, object], token: str | None
    ) -> Iterator[list[Person]]:
        page_token: str | None = None
        while True:
            page = self.people.page(
                kind, criteria, token=token, page_token=page_token, page_size=self.page_size
            )
            yield page.people
            if not page.next_page_token:
                return
            page_token = page.next_page_token

    def _decided(self, chunk: Iterable[Person], seen: set[str]) -> Iterator[Recipient]:
        people = list(chunk)
        addresses = [a for p in people if (a := consent.normal_address(p.email))]
        with self.db.reading() as session:
            suppressed = SuppressionStore(session).reasons(addresses)
        for person in people:
            reason = consent.skip_reason(person, suppressed, seen)
            yield Recipient(
                address=consent.normal_address(person.email) or "",
                name=person.name,
                contact_id=person.id if person.kind == "contact" else None,
                lead_id=person.id if person.kind == "lead" else None,
                merge_fields=person.merge_fields,
                skip_reason=reason,
            )


class StoredTemplates:
    """``Templates`` over the templates table. A mailing renders one template for every
    recipient, so a template read is kept for ``ttl_seconds``: an edit reaches mailings
    started after it, not one row read per mail."""

    def __init__(self, db: Database, *, ttl_seconds: float = 30.0) -> None:
        self.db = db
        self.ttl = ttl_seconds
        self._cache: dict[UUID, tuple[float, MailTemplate]] = {}

    def render(
        self,
        template_id: UUID,
        recipient: Recipient,
        *,
        sender: Mapping[str, str] | None = None,
        unsubscribe_url: str = "",
    ) -> RenderedMail:
        template = self._template(template_id)
        groups = {**recipient.merge_fields, "sender": dict(sender or {})}
        return template.render(groups, unsubscribe_url=unsubscribe_url)

    def _template(self, template_id: UUID) -> MailTemplate:
        now = time.monotonic()
        cached = self._cache.get(template_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        with self.db.reading() as session:
            found = TemplateStore(session).get(template_id)
        if found is None:
            raise TemplateNotFound(f"No template {template_id}.")
        self._cache[template_id] = (now, found)
        return found
