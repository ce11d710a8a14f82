"""What the mass-mail job needs from the world (h/mailings), as protocols.

The audience side (h/audience: ``domain/ports.py``'s ``Recipients`` and ``Templates``, and
its consent records) is read through the narrow shapes below, structurally: anything with
these attributes and methods fits, so the job and its tests never depend on how lists,
segments and templates are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from email.message import EmailMessage
from typing import Protocol
from uuid import UUID


class AudienceMember(Protocol):
    """One resolved recipient of a list or segment."""

    @property
    def address(self) -> str: ...

    @property
    def name(self) -> str | None: ...

    @property
    def contact_id(self) -> UUID | None: ...

    @property
    def lead_id(self) -> UUID | None: ...


class RenderedContent(Protocol):
    @property
    def subject(self) -> str: ...

    @property
    def html(self) -> str | None: ...

    @property
    def text(self) -> str: ...


class MailingRecipients(Protocol):
    """Resolves a list or segment at send time (segments over paged gRPC List calls)."""

    def resolve(self, list_or_segment_id: UUID) -> Iterator[AudienceMember]: ...


class MailingTemplates(Protocol):
    def render(self, template_id: UUID, recipient: AudienceMember) -> RenderedContent: ...


class MailingConsent(Protocol):
    """Consent as h/audience records it: do-not-contact and opted-out are never mailed."""

    def blocked(self, addresses: Sequence[str]) -> dict[str, str]:
        """The addresses of ``addresses`` that may not be mailed, each with the reason."""
        ...

    def unsubscribe(
        self, address: str, contact_id: UUID | None, lead_id: UUID | None, mailing_id: UUID
    ) -> bool:
        """Record an unsubscribe (once; True the first time): the event contacts and
        sales apply to the record."""
        ...


class MassConnection(Protocol):
    def hand_off(self, message: EmailMessage) -> str:
        """Send one message; the server's reply to DATA (its hand-off id)."""
        ...


class MassSender(Protocol):
    def connect(self) -> AbstractContextManager[MassConnection]: ...


def addresses_of(members: Iterable[AudienceMember]) -> list[str]:
    return [m.address for m in members]
