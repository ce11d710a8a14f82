"""Stand-ins of the audience side until h/audience wires its own (bootstrap's defaults).

``UnwiredRecipients`` refuses with a 503 (a mailing cannot be scheduled or resolved
without mailing lists), ``UnwiredTemplates`` likewise; ``LoggedUnsubscriber`` keeps the
unsubscribe on the send-list row only (the use case marks it) and logs it, until consent's
Unsubscribe use case (h/audience) records it for the contact or lead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from uuid import UUID

from crm_chassis.errors import Unavailable
from crm_chassis.logging import get_logger
from crm_marketing.domain.ports import Recipient, RenderedMail

log = get_logger("crm_marketing.mailings")


class UnwiredRecipients:
    def resolve(self, audience_id: UUID, *, token: str | None = None) -> Iterator[Recipient]:
        raise Unavailable("Mailing lists and segments are not available yet.")

    def modules(self, audience_id: UUID) -> frozenset[str]:
        raise Unavailable("Mailing lists and segments are not available yet.")


class UnwiredTemplates:
    def render(
        self,
        template_id: UUID,
        recipient: Recipient,
        *,
        sender: Mapping[str, str] | None = None,
        unsubscribe_url: str = "",
    ) -> RenderedMail:
        raise Unavailable("Templates are not available yet.")


class LoggedUnsubscriber:
    def unsubscribe(
        self, address: str, *, contact_id: UUID | None, lead_id: UUID | None, mailing_id: UUID
    ) -> None:
        log.info(
            "mailing.unsubscribe_recorded",
            mailing_id=str(mailing_id),
            contact_id=str(contact_id) if contact_id else None,
            lead_id=str(lead_id) if lead_id else None,
        )
