"""What the e-mail channel needs from outside (implemented in adapters/, chosen by bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class MailContact:
    """A contact matched to an e-mail address, with the account it belongs to."""

    id: UUID
    account_id: UUID | None
    email: str


class MailContacts(Protocol):
    """contacts, asked as the support service itself (no user is behind a mail)."""

    def find_by_email(self, email: str) -> MailContact | None: ...

    def email_of(self, contact_id: UUID) -> str | None: ...


class MailSender(Protocol):
    """Hands a message to the SMTP server; returns once the server accepted it."""

    def send(self, message: EmailMessage) -> None: ...
