"""Which ticket events mail the customer, what the mails say, and how they thread."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from crm_support.domain.comments import Comment
from crm_support.domain.inbound_mail import token_reply_allowed
from crm_support.domain.outbound_mail import (
    CLOSED,
    COMMENT,
    OPENED,
    MailContent,
    build_message,
    closing_mail,
    mail_for,
    outbound_message_id,
    thread_root_id,
    ticket_of_own_id,
)
from crm_support.domain.tickets import Ticket, TicketFields

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DOMAIN = "support.crm.local"


def ticket(channel: str = "email") -> Ticket:
    fields = TicketFields(title="VPN down", channel=channel)
    return Ticket.open(id=uuid4(), number="TT-2026-000007", fields=fields, now=NOW, by="x")


def comment(t: Ticket, public: bool, kind: str) -> Comment:
    c = Comment(uuid4(), t.id, "Try again.", public, None, kind, NOW)
    t.events.clear()
    t.add_comment(c)
    return c


@pytest.mark.parametrize(
    ("public", "kind", "mailed"),
    [
        (True, "staff", True),
        (False, "staff", False),
        (True, "customer", False),
    ],
)
def test_only_public_staff_comments_are_mailed(public: bool, kind: str, mailed: bool) -> None:
    t = ticket()
    c = comment(t, public, kind)
    [event] = t.events
    request = mail_for(event)
    assert (request is not None) == mailed
    if request is not None:
        assert (request.kind, request.ref, request.body) == (COMMENT, str(c.id), "Try again.")


@pytest.mark.parametrize(
    ("channel", "acknowledged"),
    [
        ("email", True),
        ("portal", True),
        ("web", True),
        ("phone", False),
        ("api", False),
    ],
)
def test_acknowledgement_for_what_the_customer_opened(channel: str, acknowledged: bool) -> None:
    [opened] = ticket(channel).events
    request = mail_for(opened)
    assert (request is not None and request.kind == OPENED) == acknowledged


def test_each_close_is_its_own_closing_mail() -> None:
    t = ticket()
    t.change_status("Closed", now=NOW, by="x")
    t.change_status("Open", now=NOW, by="x", reason="customer again")
    t.change_status("Closed", now=NOW.replace(hour=10), by="x")
    closes = [r for r in map(mail_for, t.events) if r is not None and r.kind == CLOSED]
    assert len({r.ref for r in closes}) == 2


def test_other_events_mail_nothing() -> None:
    t = ticket()
    t.events.clear()
    t.change_status("In Progress", now=NOW, by="x")
    assert [mail_for(e) for e in t.events] == [None]


class Closed:
    number, title, resolution = "TT-2026-000007", "VPN down", "Rebooted the gateway."


def test_closing_mail_with_and_without_survey() -> None:
    plain = closing_mail(Closed(), None)
    assert plain.subject == "[TT-2026-000007] Closed: VPN down"
    assert "Rebooted the gateway." in plain.text
    assert "survey" not in plain.text
    assert "https://x/s?sig=1" in closing_mail(Closed(), "https://x/s?sig=1").text


def test_message_headers_thread_and_mark_automatic() -> None:
    mail_id = uuid4()
    message_id = outbound_message_id(COMMENT, mail_id, DOMAIN)
    message = build_message(
        MailContent("Re: [TT-2026-000007] VPN down", "Try again."),
        sender="Support <support@crm.local>",
        to="ann@example.com",
        message_id=message_id,
        thread_root="m1@example.com",
    )
    assert message["Message-ID"] == f"<comment.{mail_id.hex}@{DOMAIN}>"
    assert message["In-Reply-To"] == message["References"] == "<m1@example.com>"
    assert message["Auto-Submitted"] == "auto-generated"


def test_own_thread_root_names_its_ticket() -> None:
    ticket_id = uuid4()
    assert ticket_of_own_id(thread_root_id(ticket_id, DOMAIN), DOMAIN) == ticket_id
    assert ticket_of_own_id(f"ticket.{ticket_id.hex}@elsewhere.org", DOMAIN) is None
    assert ticket_of_own_id(f"ticket.nothex@{DOMAIN}", DOMAIN) is None


ANN, EVE = UUID(int=1), UUID(int=2)


@pytest.mark.parametrize(
    ("sender", "thread", "contact", "allowed"),
    [
        ("ann@x.org", "ann@x.org", None, True),  # the address that began the thread
        ("ANN@x.org", "ann@x.org", None, True),
        ("bob@x.org", None, ANN, True),  # the ticket's contact, from another address
        ("eve@evil.org", "ann@x.org", EVE, False),  # a stranger who guessed the number
        ("eve@evil.org", None, None, False),
    ],
)
def test_token_alone_threads_only_the_customers_mail(
    sender: str, thread: str | None, contact: UUID | None, allowed: bool
) -> None:
    assert (
        token_reply_allowed(
            sender, thread_address=thread, sender_contact_id=contact, ticket_contact_id=ANN
        )
        is allowed
    )
