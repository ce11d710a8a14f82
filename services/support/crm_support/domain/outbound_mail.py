"""Mail to the customer (pure): which ticket events are mailed, and what each mail says.

Three mails: the acknowledgement of a ticket the customer opened (by e-mail or the portal),
each public staff comment, and the closing mail (``closing_mail``; the feedback survey's
link goes in it when there is one). Every subject carries the thread token
``[TT-YYYY-NNNNNN]``, so the customer's reply finds its ticket even when their mail
program drops ``In-Reply-To``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol
from uuid import UUID

OPENED = "opened"
COMMENT = "comment"
CLOSED = "closed"
KINDS = (OPENED, COMMENT, CLOSED)
#: Channels whose tickets the customer opened: they get an acknowledgement.
ACKNOWLEDGED_CHANNELS = frozenset({"email", "portal", "web"})


@dataclass(frozen=True)
class MailRequest:
    """A mail to send, decided in the transaction of the change that causes it.

    ``ref`` keys it (a comment's id, a ticket's id, a close's time): the same change never
    makes two mails. The text is kept as it was then; the address is found when sending.
    """

    kind: str
    ref: str
    ticket_id: UUID
    ticket_number: str
    title: str
    contact_id: UUID | None
    body: str = ""


def mail_for(event: Any) -> MailRequest | None:
    """The mail a domain event causes, or None (internal comments, staff-opened tickets...)."""
    name = type(event).__name__
    ticket = getattr(event, "ticket", None)
    if ticket is None:
        return None
    if name == "CommentAdded":
        comment = event.comment
        if not comment.is_public or comment.author_kind != "staff":
            return None
        return _request(COMMENT, str(comment.id), ticket, comment.body)
    if name == "TicketOpened" and ticket.channel in ACKNOWLEDGED_CHANNELS:
        return _request(OPENED, str(ticket.id), ticket, ticket.description or "")
    if name == "TicketClosed":
        # A ticket closed, reopened and closed again gets a closing mail each time.
        return _request(
            CLOSED, f"{ticket.id}@{event.at.isoformat()}", ticket, ticket.resolution or ""
        )
    return None


def _request(kind: str, ref: str, ticket: Any, body: str) -> MailRequest:
    return MailRequest(
        kind=kind,
        ref=ref,
        ticket_id=ticket.id,
        ticket_number=ticket.number,
        title=ticket.title,
        contact_id=ticket.contact_id,
        body=body,
    )


@dataclass(frozen=True)
class MailContent:
    subject: str
    text: str


def opened_mail(number: str, title: str) -> MailContent:
    return MailContent(
        subject=f"[{number}] {title}",
        text=(
            f"Thank you for contacting us. Your request has been received as ticket {number}.\n"
            "We will get back to you soon. To add to it, reply to this e-mail and keep\n"
            f"[{number}] in the subject.\n"
        ),
    )


def comment_mail(number: str, title: str, body: str) -> MailContent:
    return MailContent(
        subject=f"Re: [{number}] {title}",
        text=f"{body.strip()}\n\n--\nTicket {number}: reply to this e-mail to answer.\n",
    )


class ClosedTicket(Protocol):
    """What the closing mail reads of a ticket (the domain's Ticket has all of it)."""

    number: str
    title: str
    resolution: str | None


def closing_mail(ticket: ClosedTicket, survey_url: str | None) -> MailContent:
    """The closing mail; ``survey_url`` (the signed feedback link) is added when given.

    The hook for feedback surveys: the mailer asks ``Mailer.survey_url(ticket_id)`` for
    the link (``bootstrap.mailer(survey_url=...)``) and passes it here.
    """
    number = ticket.number
    text = f"Your ticket {number} has been closed.\n"
    resolution = (ticket.resolution or "").strip()
    if resolution:
        text += f"\nResolution:\n{resolution}\n"
    if survey_url:
        text += f"\nHow did we do? Tell us in one click: {survey_url}\n"
    text += "\nIf the problem is not solved, reply to this e-mail to reopen the ticket.\n"
    return MailContent(subject=f"[{number}] Closed: {ticket.title}", text=text)


@dataclass(frozen=True)
class _Closed:
    number: str
    title: str
    resolution: str | None


def content_of(request: MailRequest, survey_url: str | None = None) -> MailContent:
    if request.kind == OPENED:
        return opened_mail(request.ticket_number, request.title)
    if request.kind == COMMENT:
        return comment_mail(request.ticket_number, request.title, request.body)
    closed = _Closed(request.ticket_number, request.title, request.body)
    return closing_mail(closed, survey_url)


def thread_root_id(ticket_id: UUID, domain: str) -> str:
    """The Message-ID all our mails about a ticket answer when no customer mail began it."""
    return f"ticket.{ticket_id.hex}@{domain}"


def outbound_message_id(kind: str, mail_id: UUID, domain: str) -> str:
    """The Message-ID of one mail: stable across retries, in our domain (loops show)."""
    return f"{kind}.{mail_id.hex}@{domain}"


def ticket_of_own_id(message_id: str, domain: str) -> UUID | None:
    """The ticket a ``thread_root_id`` names (a reply to a mail whose id we did not keep)."""
    local, _, their_domain = message_id.partition("@")
    if their_domain != domain.lower() or not local.startswith("ticket."):
        return None
    try:
        return UUID(hex=local.removeprefix("ticket."))
    except ValueError:
        return None


def build_message(
    content: MailContent,
    *,
    sender: str,
    to: str,
    message_id: str,
    thread_root: str,
) -> EmailMessage:
    """The RFC 5322 message: threaded on ``thread_root``, marked as sent by a machine."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = content.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = f"<{message_id}>"
    message["In-Reply-To"] = f"<{thread_root}>"
    message["References"] = f"<{thread_root}>"
    # RFC 3834: an automatic mail; a well-behaved auto-responder does not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(content.text)
    return message
