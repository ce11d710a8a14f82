"""Reading real-looking messages: bodies, attachments, threading headers, loop detection."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from crm_support.domain.inbound_mail import html_to_text, ignore_reason, parse, trim_quoted

OWN = frozenset({"support.crm.local"})
ADDRESSES = frozenset({"support@crm.local"})


def message(**headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Ann Customer <Ann@Example.COM>")
    msg["To"] = "support@crm.local"
    msg["Subject"] = headers.pop("Subject", "Printer on fire")
    msg["Message-ID"] = headers.pop("Message_ID", "<abc.123@mail.example.com>")
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("It smokes.\n\nAnn")
    return msg


def test_plain_message_is_read() -> None:
    mail = parse(bytes(message()))
    assert mail.sender == "ann@example.com"
    assert mail.sender_name == "Ann Customer"
    assert mail.subject == "Printer on fire"
    assert mail.text == "It smokes.\n\nAnn"
    assert mail.message_id == "abc.123@mail.example.com"
    assert mail.thread_token is None
    assert mail.attachments == ()


def test_thread_token_and_title() -> None:
    mail = parse(bytes(message(Subject="RE: Fwd: [TT-2026-000123] Printer on fire")))
    assert mail.thread_token == "TT-2026-000123"
    assert mail.title == "Printer on fire"


def test_reply_headers_in_order_without_duplicates() -> None:
    msg = message(In_Reply_To="<b@support.crm.local>", References="<a@x.org> <b@support.crm.local>")
    assert parse(bytes(msg)).referenced_ids == ("b@support.crm.local", "a@x.org")


def test_html_only_body_becomes_text() -> None:
    msg = message()
    msg.set_content(
        "<html><head><style>p{}</style></head><body><p>Hello &amp; bye</p>"
        "<p>Line<br>two</p></body></html>",
        subtype="html",
    )
    assert parse(bytes(msg)).text == "Hello & bye\nLine\ntwo"


def test_text_part_preferred_over_html() -> None:
    msg = message()
    msg.add_alternative("<p>html version</p>", subtype="html")
    assert parse(bytes(msg)).text == "It smokes.\n\nAnn"


def test_attachments_are_read() -> None:
    msg = message()
    msg.add_attachment(
        b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    msg.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="shot.png")
    mail = parse(bytes(msg))
    assert [(a.filename, a.content_type, a.content[:4]) for a in mail.attachments] == [
        ("invoice.pdf", "application/pdf", b"%PDF"),
        ("shot.png", "image/png", b"\x89PNG"),
    ]
    assert mail.text == "It smokes.\n\nAnn"


def test_garbage_does_not_raise() -> None:
    mail = parse(b"\xff\xfe not a message at all")
    assert mail.message_id == ""
    assert ignore_reason(mail, own_domains=OWN) == "no sender address"


def test_unknown_charset_is_decoded_leniently() -> None:
    raw = (
        b"From: a@b.org\r\nSubject: x\r\nMessage-ID: <1@b.org>\r\n"
        b"Content-Type: text/plain; charset=x-unknown\r\n\r\nhello \xe9\r\n"
    )
    assert parse(raw).text.startswith("hello")


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto_Submitted": "auto-replied"}, "auto-submitted: auto-replied"),
        ({"Precedence": "bulk"}, "precedence: bulk"),
        ({"Precedence": "auto_reply"}, "precedence: auto_reply"),
        ({"X_Autoreply": "yes"}, "header X-Autoreply"),
        ({"X_Auto_Response_Suppress": "All"}, "header X-Auto-Response-Suppress"),
        ({"From": "MAILER-DAEMON@mx.example.com"}, "robot sender: mailer-daemon"),
        ({"From": "postmaster@example.com"}, "robot sender: postmaster"),
        ({"Message_ID": "<ticket-1.comment-2@support.crm.local>"}, "our own message came back"),
        ({"From": "support@crm.local"}, "sent from our own address"),
    ],
)
def test_loops_and_robots_are_ignored(headers: dict[str, str], reason: str) -> None:
    mail = parse(bytes(message(**headers)))
    assert ignore_reason(mail, own_domains=OWN, own_addresses=ADDRESSES) == reason


@pytest.mark.parametrize("headers", [{}, {"Auto_Submitted": "no"}, {"Precedence": "normal"}])
def test_a_person_is_taken(headers: dict[str, str]) -> None:
    mail = parse(bytes(message(**headers)))
    assert ignore_reason(mail, own_domains=OWN, own_addresses=ADDRESSES) is None


def test_html_to_text_drops_scripts() -> None:
    assert html_to_text("<script>alert(1)</script><div>a</div><div>b</div>") == "a\nb"


def test_trim_quoted() -> None:
    text = "Thanks, works now.\n\nOn Mon, 1 Jan 2026, Support wrote:\n> old text\n"
    assert trim_quoted(text) == "Thanks, works now."
    assert trim_quoted("> only quoted") == "> only quoted"


def test_control_characters_are_dropped() -> None:
    raw = (
        b"From: a@b.org\r\nSubject: bell\x07 here\r\nMessage-ID: <2@b.org>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nnul\x00 byte\r\nnext line\r\n"
    )
    mail = parse(raw)
    assert mail.subject == "bell here"
    assert mail.text == "nul byte\nnext line"
