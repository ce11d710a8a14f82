"""Mail into the worker's SMTP listener (aiosmtpd on a free port, smtplib as the sender):
new tickets, threading by token and In-Reply-To, loops, attachments, redelivery, SMTP
answers, and the answer going back out to the sink."""

from __future__ import annotations

import email
import smtplib
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa

from crm_chassis.smtp import SmtpListener
from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port
from crm_support.adapters.mail_tables import mail_outbox
from crm_support.adapters.tables import ticket_attachments, ticket_comments, tickets
from crm_support.bootstrap import Support, bootstrap, mail_intake, mailer
from crm_support.config import Settings
from crm_support.domain.commands import AddComment
from crm_support.domain.mail_ports import MailContact
from crm_support.entrypoints.mail import mail_listener
from crm_support.service.inbound_mail import MAIL_CALLER

ANN = MailContact(id=UUID(int=7), account_id=UUID(int=8), email="ann@example.com")


class Contacts:
    def find_by_email(self, address: str) -> MailContact | None:
        return ANN if address == ANN.email else None

    def email_of(self, contact_id: UUID) -> str | None:
        return ANN.email if contact_id == ANN.id else None


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def app(settings: Settings, mail_dir: Path) -> Iterator[Support]:
    out = sink("127.0.0.1", free_port(), mail_dir)
    wired = bootstrap(
        settings.model_copy(
            update={
                "smtp_port": out.port,
                "mail_listen_port": free_port(),
                "mail_max_message_bytes": 200_000,
            }
        )
    )
    yield wired
    wired.db.dispose()
    out.stop()


@pytest.fixture
def listener(app: Support) -> Iterator[SmtpListener]:
    started = mail_listener(app, mail_intake(app, contacts=Contacts())).start()
    yield started
    started.stop()


def message(
    subject: str = "Printer on fire",
    sender: str = "Ann <ann@example.com>",
    message_id: str = "<m1@mail.example.com>",
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "support@crm.local"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("It smokes.\n\n> quoted old text\n")
    return msg


def send(listener: SmtpListener, msg: EmailMessage, to: str = "support@crm.local") -> None:
    with smtplib.SMTP(listener.host, listener.port, timeout=10) as smtp:
        smtp.send_message(msg, to_addrs=[to])


def rows(app: Support, table: sa.Table) -> list[sa.Row]:
    with app.db.reading() as session:
        return list(session.execute(sa.select(table)).all())


def sent_mails(folder: Path) -> list[EmailMessage]:
    return [
        email.message_from_bytes(f.read_bytes(), policy=policy.default)
        for f in sorted(folder.glob("*.eml"))
    ]


def test_new_mail_opens_a_ticket_and_is_acknowledged(
    app: Support, listener: SmtpListener, mail_dir: Path
) -> None:
    send(listener, message())
    [ticket] = rows(app, tickets)
    assert (ticket.title, ticket.channel) == ("Printer on fire", "email")
    assert (ticket.contact_id, ticket.account_id) == (ANN.id, ANN.account_id)
    assert "It smokes." in ticket.description
    assert mailer(app, contacts=Contacts()).send_due() == 1
    [ack] = sent_mails(mail_dir)
    assert ack["To"] == "ann@example.com"
    assert ack["Subject"] == f"[{ticket.number}] Printer on fire"
    assert ack["In-Reply-To"] == "<m1@mail.example.com>"


def test_redelivered_message_makes_nothing_twice(app: Support, listener: SmtpListener) -> None:
    send(listener, message())
    send(listener, message())
    assert len(rows(app, tickets)) == 1
    assert len(rows(app, mail_outbox)) == 1


def test_reply_with_token_is_a_comment(app: Support, listener: SmtpListener) -> None:
    send(listener, message())
    [ticket] = rows(app, tickets)
    send(listener, message(f"Re: [{ticket.number}] Printer on fire", message_id="<m2@x.org>"))
    assert len(rows(app, tickets)) == 1
    [comment] = rows(app, ticket_comments)
    assert (comment.ticket_id, comment.author_kind, comment.is_public) == (
        ticket.id,
        "customer",
        True,
    )
    assert comment.body == "It smokes."  # quoted text trimmed
    assert comment.message_id == "m2@x.org"


def test_token_from_a_stranger_opens_a_new_ticket(app: Support, listener: SmtpListener) -> None:
    send(listener, message())
    [ticket] = rows(app, tickets)
    send(
        listener,
        message(
            f"[{ticket.number}] hijack", sender="eve@evil.example", message_id="<e1@evil.example>"
        ),
    )
    assert len(rows(app, tickets)) == 2
    assert rows(app, ticket_comments) == []


def test_reply_to_our_mail_is_threaded_by_in_reply_to(
    app: Support, listener: SmtpListener, mail_dir: Path
) -> None:
    send(listener, message())
    [ticket] = rows(app, tickets)
    staff = AddComment(ticket_id=ticket.id, body="Unplug it.", is_public=True, author_kind="staff")
    app.run(staff, caller=MAIL_CALLER)
    app.run(
        AddComment(ticket_id=ticket.id, body="internal", is_public=False, author_kind="staff"),
        caller=MAIL_CALLER,
    )
    assert mailer(app, contacts=Contacts()).send_due() == 2  # the ack and the public answer
    answer = next(m for m in sent_mails(mail_dir) if "Unplug it." in m.get_content())
    reply = message(
        "Re: no token here",
        sender="colleague@example.com",
        message_id="<m3@example.com>",
        In_Reply_To=answer["Message-ID"],
    )
    send(listener, reply)
    assert len(rows(app, tickets)) == 1
    assert {c.body for c in rows(app, ticket_comments)} == {"Unplug it.", "internal", "It smokes."}


@pytest.mark.parametrize("header", [("Auto_Submitted", "auto-replied"), ("Precedence", "bulk")])
def test_auto_replies_make_nothing(
    app: Support, listener: SmtpListener, header: tuple[str, str]
) -> None:
    send(listener, message(**dict([header])))
    assert rows(app, tickets) == []


def test_our_own_message_coming_back_makes_nothing(app: Support, listener: SmtpListener) -> None:
    send(listener, message(message_id="<comment.abc@support.crm.local>"))
    assert rows(app, tickets) == []


def test_attachments_stored_and_refused_ones_noted(app: Support, listener: SmtpListener) -> None:
    msg = message()
    msg.add_attachment(
        b"%PDF-1.4 report", maintype="application", subtype="pdf", filename="report.pdf"
    )
    msg.add_attachment(b"<script>x</script>", maintype="text", subtype="html", filename="evil.html")
    send(listener, msg)
    [stored] = rows(app, ticket_attachments)
    assert (stored.filename, stored.content_type) == ("report.pdf", "application/pdf")
    [note] = rows(app, ticket_comments)
    assert not note.is_public
    assert "evil.html" in note.body


def test_unknown_recipient_is_550(listener: SmtpListener) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(listener, message(), to="sales@crm.local")
    assert refused.value.recipients["sales@crm.local"][0] == 550


def test_too_large_is_552(app: Support, listener: SmtpListener) -> None:
    msg = message()
    msg.add_attachment(b"x" * 300_000, maintype="application", subtype="pdf", filename="big.pdf")
    with pytest.raises(smtplib.SMTPException) as refused:
        send(listener, msg)
    assert "552" in str(refused.value)
    assert rows(app, tickets) == []


def test_mail_from_our_own_from_address_is_a_loop(app: Support) -> None:
    intake = replace(mail_intake(app, contacts=Contacts()), from_address="Desk <desk@crm.local>")
    received = intake.receive(bytes(message(sender="Desk <desk@crm.local>")))
    assert received.outcome == "ignored: sent from our own address"
    assert intake.receive(bytes(message(sender="Desk <desk@crm.local>"))).outcome == "duplicate"
    assert rows(app, tickets) == []
