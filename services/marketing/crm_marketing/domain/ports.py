"""Ports: what marketing's use cases need from the world, as ``typing.Protocol`` classes.

Another service's data (read over gRPC), a mail server, a PDF renderer: each is a protocol
here, implemented in ``adapters/`` and chosen in ``bootstrap.py``, so use cases and their
tests never touch the wire.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

# -- audience ------------------------------------------------------------------------------
# Audience (mailing lists, segments, consent, templates) offers two ports to the mass e-mail
# job: Recipients turns a list or segment into the people to mail, each with the consent
# decision already taken, and Templates renders a template for one of them.

#: Why a recipient is not mailed (``Recipient.skip_reason``); the mailing records it.
SKIP_NO_ADDRESS = "no_address"
SKIP_OPTED_OUT = "email_opt_out"
SKIP_DO_NOT_CONTACT = "do_not_contact"
SKIP_UNSUBSCRIBED = "unsubscribed"
SKIP_BOUNCED = "hard_bounced"
SKIP_SUPPRESSED = "suppressed"
SKIP_DUPLICATE = "duplicate_address"
SKIP_REASONS = (
    SKIP_NO_ADDRESS,
    SKIP_OPTED_OUT,
    SKIP_DO_NOT_CONTACT,
    SKIP_UNSUBSCRIBED,
    SKIP_BOUNCED,
    SKIP_SUPPRESSED,
    SKIP_DUPLICATE,
)


@dataclass(frozen=True)
class Recipient:
    """One person of a list or segment, as the send job sees them.

    Exactly one of ``contact_id`` and ``lead_id`` is set. ``merge_fields`` holds what a
    template may use, grouped as the template names them: ``{"contact": {...},
    "account": {...}}`` or ``{"lead": {...}}`` (string values; a field the record lacks is
    an empty string). ``skip_reason`` is None for a recipient to mail, else one of
    ``SKIP_REASONS``: consent is decided here, so the job never mails a skipped one and
    records the reason instead.
    """

    address: str
    name: str
    contact_id: UUID | None = None
    lead_id: UUID | None = None
    merge_fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    skip_reason: str | None = None

    @property
    def record_id(self) -> UUID:
        """The contact's or lead's id (whichever the recipient is)."""
        found = self.contact_id or self.lead_id
        if found is None:
            raise ValueError("a recipient is a contact or a lead")
        return found

    @property
    def mailable(self) -> bool:
        return self.skip_reason is None


@dataclass(frozen=True)
class RenderedMail:
    """A template rendered for one recipient: both parts are always present (the text
    part is derived from the HTML when the template has none)."""

    subject: str
    html: str
    text: str


class Recipients(Protocol):
    """Resolves a mailing list or a segment into recipients, at send time.

    ``audience_id`` is a mailing list's or a segment's id. Static lists read their members
    with batch gets, segments with paged ``List`` calls carrying the filter (never one call
    per record). ``token`` is the caller's (a preview, scheduling a mailing); None reads
    with marketing's service credentials scoped to the send job (the worker). Every
    recipient is yielded once per address, skipped ones included (with their reason).
    Raises ``AudienceNotFound`` for an unknown id.
    """

    def resolve(self, audience_id: UUID, *, token: str | None = None) -> Iterator[Recipient]: ...

    def modules(self, audience_id: UUID) -> frozenset[str]:
        """The access modules the audience reads ("contacts", "leads"): a mailing's sender
        must hold view on each (checked when it is scheduled). AudienceNotFound if unknown."""
        ...


class Templates(Protocol):
    """Renders a saved mail-merge template for one recipient.

    ``sender`` fills ``sender.*`` (name, email, title, ...) and ``unsubscribe_url`` the
    recipient's own signed link (the mailing builds both). Raises ``TemplateNotFound`` for
    an unknown id and ``TemplateRenderError`` when the template cannot be rendered for this
    recipient (the sandbox refused something): the job marks that recipient failed.
    """

    def render(
        self,
        template_id: UUID,
        recipient: Recipient,
        *,
        sender: Mapping[str, str] | None = None,
        unsubscribe_url: str = "",
    ) -> RenderedMail: ...


class Consent(Protocol):
    """Marketing's own suppression list (unsubscribed, hard bounced, added by an admin)."""

    def suppressed(self, addresses: list[str]) -> dict[str, str]:
        """The given addresses that are suppressed, lower-cased, with the reason."""
        ...


def merge_value(fields: Mapping[str, Any], key: str) -> str:
    """A merge field as text ("" for None), so templates never see None."""
    value = fields.get(key)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Person:
    """A contact or a lead as the audience reads it from contacts or sales.

    ``kind`` is "contact" or "lead". ``merge_fields`` are grouped as templates name them
    (``contact`` and ``account``, or ``lead``); a field the reader may not see is absent
    (it renders empty). ``do_not_contact`` is the record's own "never contact" flag
    (contacts' contacts and sales' leads both have one).
    """

    kind: str
    id: UUID
    email: str | None
    name: str
    email_opt_out: bool = False
    do_not_contact: bool = False
    merge_fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonPage:
    people: list[Person]
    next_page_token: str | None


class People(Protocol):
    """Contacts (with their account) and leads, read over gRPC.

    ``token`` is the caller's; None reads with marketing's service credentials (the send
    job). Records that do not exist or the reader may not see are left out.
    """

    def get_many(self, kind: str, ids: list[UUID], *, token: str | None) -> list[Person]: ...

    def page(
        self,
        kind: str,
        criteria: Mapping[str, Any],
        *,
        token: str | None,
        page_token: str | None,
        page_size: int,
    ) -> PersonPage:
        """One page of the records matching a segment's filter (``criteria``)."""
        ...


@dataclass(frozen=True)
class AudiencePreview:
    """A list's or segment's recipients counted, with the first ones shown."""

    total: int
    mailable: int
    skipped: Mapping[str, int]
    first: list[Recipient]
