"""Sending the queued mails (the worker's mail timer): each once, through a real SMTP server.

A mail is queued in the transaction of the change that causes it (``MailQueueRecorder``).
Sending one is a single database transaction around the SMTP hand-off: the row is claimed
(PostgreSQL: row lock; SQLite: the write lock of ``BEGIN IMMEDIATE``), the message handed
to the server, and the row marked sent with the server's ``250``; then the commit. A worker
killed before the ``250`` rolls back and the mail goes out on the next round (the server
had not accepted it); a second worker waits on the claim and then finds it sent. The one
gap left is a crash between the server's ``250`` and our commit (milliseconds): the retry
then sends a message with the same ``Message-ID``, which mail systems drop as a duplicate.
Slow work (the contact's address, the SMTP connection, TLS and login) happens before the
transaction; inside it there is only the message's DATA.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.db import Database
from crm_chassis.errors import AppError
from crm_chassis.logging import get_logger
from crm_support.adapters.mail_store import FAILED, MailStore
from crm_support.domain.mail_ports import MailContacts, MailSender
from crm_support.domain.outbound_mail import (
    MailRequest,
    build_message,
    content_of,
    thread_root_id,
)

log = get_logger("crm_support.mail")

#: The signed feedback-survey link of a closed ticket (h/contracts); None: no survey.
SurveyUrl = Callable[[UUID], str | None]


def no_survey(_ticket_id: UUID) -> str | None:
    return None


@dataclass
class Mailer:
    db: Database
    sender: MailSender
    contacts: MailContacts
    domain: str
    from_address: str
    retry_seconds: float = 30.0
    max_attempts: int = 8
    survey_url: SurveyUrl = no_survey
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def send_due(self, limit: int = 50) -> int:
        """Send what is due now; the number sent."""
        with self.db.reading() as session:
            due = MailStore(session).due(self.clock(), limit)
        return sum(1 for mail_id in due if self.send_one(mail_id))

    def send_one(self, mail_id: UUID) -> bool:
        """Send one queued mail if it is still pending; True when it went out now."""
        with self.db.reading() as session:
            store = MailStore(session)
            row = store.get(mail_id)
            thread = store.thread(row.ticket_id) if row is not None else None
        if row is None or row.state != "pending":
            return False
        try:
            address = thread.customer_address if thread else self._contact_address(row)
        except AppError as exc:  # contacts or identity down: try again later
            self._failed(mail_id, f"address lookup: {exc}")
            return False
        if not address:
            with self.db.transaction() as session:
                MailStore(session).mark_skipped(mail_id, "no e-mail address for the customer")
            log.info("mail.skipped", mail_id=str(mail_id), ticket=row.ticket_number)
            return False
        root = thread.root_message_id if thread else thread_root_id(row.ticket_id, self.domain)
        survey = self.survey_url(row.ticket_id) if row.kind == "closed" else None
        message = build_message(
            content_of(_request(row), survey),
            sender=self.from_address,
            to=address,
            message_id=row.message_id,
            thread_root=root,
        )
        try:
            # Connection, TLS and login first; the transaction spans only the hand-off.
            with self.sender.connect() as smtp, self.db.transaction() as session:
                store = MailStore(session)
                if not store.claim(mail_id):
                    return False  # another worker sent it meanwhile
                smtp.send(message)
                store.mark_sent(mail_id, address, self.clock())
        except (smtplib.SMTPException, OSError) as exc:  # refused or unreachable: retried
            self._failed(mail_id, f"smtp: {exc}")
            return False
        log.info("mail.sent", kind=row.kind, ticket=row.ticket_number, message_id=row.message_id)
        return True

    def _contact_address(self, row: Any) -> str | None:
        return self.contacts.email_of(row.contact_id) if row.contact_id else None

    def _failed(self, mail_id: UUID, error: str) -> None:
        with self.db.transaction() as session:
            store = MailStore(session)
            row = store.get(mail_id)
            wait = timedelta(seconds=self.retry_seconds * ((row.attempts if row else 0) + 1))
            state = store.mark_attempt_failed(
                mail_id, error, retry_at=self.clock() + wait, give_up_after=self.max_attempts
            )
        level = log.error if state == FAILED else log.warning
        level("mail.send_failed", mail_id=str(mail_id), error=error, state=state)


def _request(row: Any) -> MailRequest:
    return MailRequest(
        kind=row.kind,
        ref=row.ref,
        ticket_id=row.ticket_id,
        ticket_number=row.ticket_number,
        title=row.title,
        contact_id=row.contact_id,
        body=row.body,
    )
