"""What the e-mail channel needs from outside (implemented in adapters/, chosen by bootstrap)."""

from __future__ import annotations

from contextlib import AbstractContextManager
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


class MailConnection(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message (its 250 after DATA)."""


class MailSender(Protocol):
    """Opens an SMTP session (connection, TLS, login) in which messages are handed over."""

    def connect(self) -> AbstractContextManager[MailConnection]: ...
