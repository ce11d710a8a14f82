"""Mail to the support address becomes a ticket, or a comment on the ticket it answers.

Called by the worker's SMTP listener once the message is received whole. Each message is
handled in one database transaction that also keeps its Message-ID (``mail_messages``): a
redelivered message (the sender did not see our ``250``) finds its id and changes nothing,
and a failure rolls everything back and answers ``451``, so the sender tries again later.

No user is behind a mail: the use cases run as :data:`MAIL_CALLER`, a service principal
whose scopes are tickets' only, and the sender is matched to a contact by asking contacts
as svc-support (``adapters/mail_contacts.py``). Threading, in order: our Message-IDs in
``In-Reply-To``/``References``; the ``[TT-...]`` token of the subject, but only from the
ticket's own customer (a token is guessable, a Message-ID of ours is not); else a new ticket.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr
from uuid import UUID

from sqlalchemy.orm import Session

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import AppError
from crm_chassis.logging import get_logger
from crm_chassis.usecases import UseCases
from crm_support.adapters.mail_store import MailStore
from crm_support.domain.commands import AddAttachment, AddComment, OpenTicket
from crm_support.domain.inbound_mail import (
    InboundMail,
    ignore_reason,
    parse,
    token_reply_allowed,
    trim_quoted,
)
from crm_support.domain.mail_ports import MailContact, MailContacts
from crm_support.domain.outbound_mail import ticket_of_own_id
from crm_support.domain.ticket_fields import COMMENT_MAX, DESCRIPTION_MAX, TicketFields
from crm_support.domain.tickets import Ticket
from crm_support.service.unit_of_work import UnitOfWorkFactory

log = get_logger("crm_support.mail")

#: Who the e-mail channel's use cases run as: a service, within tickets' scopes only.
MAIL_CALLER = Principal(
    subject="svc-support:mail",
    kind="service",
    scopes=frozenset({"support.tickets.read", "support.tickets.write"}),
    name="E-mail channel",
)
EMAIL = "email"


@dataclass(frozen=True)
class Received:
    """What became of one message (logged, and kept in ``mail_messages.outcome``)."""

    outcome: str
    ticket_id: UUID | None = None
    ticket_number: str | None = None
    rejected: tuple[str, ...] = ()


@dataclass
class MailIntake:
    db: Database
    run: UseCases
    uow: UnitOfWorkFactory
    contacts: MailContacts
    addresses: frozenset[str]
    domain: str
    #: Our From address too: a mail from ourselves is a loop, whatever its headers say.
    from_address: str = ""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def accepts(self, recipient: str) -> bool:
        """Only the support addresses take mail (the listener answers others 550)."""
        return recipient.strip().lower() in self.addresses

    def receive(self, content: bytes) -> Received:
        """Turn one message into a ticket or a comment (or nothing, saying why)."""
        mail = parse(content)
        message_id = mail.message_id or _content_id(content)
        with self.db.reading() as session:
            if MailStore(session).known(message_id):
                return self._done(Received("duplicate"), mail, message_id)
        own = self.addresses | {parseaddr(self.from_address)[1].lower()} - {""}
        reason = ignore_reason(
            mail, own_domains=frozenset({self.domain.lower()}), own_addresses=own
        )
        if reason:
            with self.db.transaction() as session:
                MailStore(session).remember(
                    message_id, None, "in", f"ignored: {reason}", self.clock()
                )
            return self._done(Received(f"ignored: {reason}"), mail, message_id)
        contact = self._contact(mail.sender)
        with self.db.transaction() as session:
            store = MailStore(session)
            if not store.remember(message_id, None, "in", "received", self.clock()):
                return self._done(Received("duplicate"), mail, message_id)
            received = self._file(session, store, mail, message_id, contact)
            store.set_outcome(message_id, received.ticket_id, received.outcome)
        return self._done(received, mail, message_id)

    def _file(
        self,
        session: Session,
        store: MailStore,
        mail: InboundMail,
        message_id: str,
        contact: MailContact | None,
    ) -> Received:
        run = self.run.with_dependencies(uow=self.uow.joining(session))
        target = self._thread(store, mail, contact)
        comment_id = None
        if target is not None:
            posted = run(
                AddComment(
                    ticket_id=target,
                    body=(trim_quoted(mail.text) or "(empty message)")[:COMMENT_MAX],
                    is_public=True,
                    author_kind="customer",
                    author_id=contact.id if contact else None,
                    message_id=message_id,
                ),
                caller=MAIL_CALLER,
            )
            ticket, comment_id = posted.ticket, posted.comment.id
            outcome = "follow-up ticket" if posted.new_ticket else "comment"
        else:
            ticket, outcome = self._open(run, mail, contact), "ticket"
        if target is None or ticket.id != target:
            store.open_thread(ticket.id, mail.sender, message_id, self.clock())
        rejected = self._attach(session, run, ticket, comment_id, mail)
        return Received(outcome, ticket.id, ticket.number, rejected)

    def _open(self, run: UseCases, mail: InboundMail, contact: MailContact | None) -> Ticket:
        # A contact is named with its account (a ticket's contact is at its account).
        at_account = contact is not None and contact.account_id is not None
        fields = TicketFields(
            title=mail.title,
            description=(mail.text or "(empty message)")[:DESCRIPTION_MAX],
            account_id=contact.account_id if at_account and contact else None,
            contact_id=contact.id if at_account and contact else None,
            channel=EMAIL,
        )
        sent = frozenset({"title", "description", "account_id", "contact_id", "channel"})
        return run(OpenTicket(fields=fields, sent=sent), caller=MAIL_CALLER)

    def _thread(
        self, store: MailStore, mail: InboundMail, contact: MailContact | None
    ) -> UUID | None:
        """The ticket this message answers, or None for a new one."""
        found = store.ticket_of(mail.referenced_ids)
        if found is not None:
            return found
        for referenced in mail.referenced_ids:
            own = ticket_of_own_id(referenced, self.domain)
            if own is not None and store.ticket_exists(own):
                return own
        if mail.thread_token is None:
            return None
        ticket = store.ticket_by_number(mail.thread_token)
        if ticket is None:
            return None
        thread = store.thread(ticket.id)
        allowed = token_reply_allowed(
            mail.sender,
            thread_address=thread.customer_address if thread else None,
            sender_contact_id=contact.id if contact else None,
            ticket_contact_id=ticket.contact_id,
        )
        return ticket.id if allowed else None

    def _attach(
        self,
        session: Session,
        run: UseCases,
        ticket: Ticket,
        comment_id: UUID | None,
        mail: InboundMail,
    ) -> tuple[str, ...]:
        """Store each attachment through the use case (its size and type checks); a refused
        one is named in an internal note on the ticket, and the others are kept."""
        rejected = []
        for attachment in mail.attachments:
            try:
                with session.begin_nested():  # a refused file leaves nothing half-written
                    run(
                        AddAttachment(
                            ticket_id=ticket.id,
                            filename=attachment.filename,
                            content_type=attachment.content_type,
                            content=attachment.content,
                            comment_id=comment_id,
                        ),
                        caller=MAIL_CALLER,
                    )
            except AppError as refused:
                rejected.append(f"{attachment.filename} ({attachment.content_type}): {refused}")
        if rejected:
            note = "Attachments of the customer's e-mail not stored:\n" + "\n".join(
                f"- {line}" for line in rejected
            )
            run(
                AddComment(ticket_id=ticket.id, body=note, is_public=False, author_kind="staff"),
                caller=MAIL_CALLER,
            )
        return tuple(rejected)

    def _contact(self, sender: str) -> MailContact | None:
        """The contact who wrote, or None (unknown sender, or contacts unreachable: the
        ticket is still made, with the address kept for the answers)."""
        try:
            return self.contacts.find_by_email(sender)
        except AppError as exc:
            log.warning("mail.contact_lookup_failed", error=str(exc))
            return None

    def _done(self, received: Received, mail: InboundMail, message_id: str) -> Received:
        log.info(
            "mail.received",
            outcome=received.outcome,
            message_id=message_id,
            sender=mail.sender,
            ticket=received.ticket_number,
            rejected=len(received.rejected),
        )
        return received


def _content_id(content: bytes) -> str:
    """A stand-in Message-ID for a message without one: the same bytes, the same id."""
    return f"sha256.{hashlib.sha256(content).hexdigest()[:40]}@no-message-id"
