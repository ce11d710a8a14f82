"""The SMTP mechanisms against each other over real sockets: listener answers, sender, sink."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from crm_chassis.smtp import Delivery, SmtpListener, SmtpRefusal, SmtpSender, SmtpSettings
from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port


def mail(body: str = "hello") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["To"] = "support@crm.local"
    message["Subject"] = "Hi"
    message["Message-ID"] = "<m1@example.com>"
    message.set_content(body)
    return message


@pytest.fixture
def received() -> list[Delivery]:
    return []


@pytest.fixture
def listener(received: list[Delivery]) -> Iterator[SmtpListener]:
    def deliver(delivery: Delivery) -> None:
        if b"refuse-me" in delivery.content:
            raise SmtpRefusal(554, "5.7.1 Not wanted")
        if b"crash-me" in delivery.content:
            raise RuntimeError("database down")
        received.append(delivery)

    started = SmtpListener(
        "127.0.0.1",
        free_port(),
        accepts=lambda rcpt: rcpt == "support@crm.local",
        deliver=deliver,
        max_message_bytes=2000,
    ).start()
    yield started
    started.stop()


def client(listener: SmtpListener) -> smtplib.SMTP:
    return smtplib.SMTP(listener.host, listener.port, timeout=5)


def test_message_is_delivered(listener: SmtpListener, received: list[Delivery]) -> None:
    SmtpSender(SmtpSettings(host=listener.host, port=listener.port)).send(mail())
    assert len(received) == 1
    assert received[0].recipients == ("support@crm.local",)
    assert received[0].mail_from == "a@example.com"
    assert b"Message-ID: <m1@example.com>" in received[0].content


def test_unknown_recipient_is_550(listener: SmtpListener, received: list[Delivery]) -> None:
    with client(listener) as smtp:
        smtp.ehlo()
        smtp.mail("a@example.com")
        code, _ = smtp.rcpt("sales@crm.local")
    assert code == 550
    assert received == []


def test_too_large_is_552(listener: SmtpListener, received: list[Delivery]) -> None:
    with pytest.raises(smtplib.SMTPException) as caught, client(listener) as smtp:
        smtp.send_message(mail("x" * 5000))
    assert "552" in str(caught.value)
    assert received == []


def test_refusal_and_failure_codes(listener: SmtpListener) -> None:
    with client(listener) as smtp:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp.send_message(mail("refuse-me"))
        assert refused.value.smtp_code == 554
        with pytest.raises(smtplib.SMTPDataError) as failed:
            smtp.send_message(mail("crash-me"))
        assert failed.value.smtp_code == 451


def test_sink_writes_one_file_per_message(tmp_path: Path) -> None:
    started = sink("127.0.0.1", free_port(), tmp_path / "mail")
    try:
        sender = SmtpSender(SmtpSettings(host=started.host, port=started.port))
        sender.send(mail("first"))
        sender.send(mail("second"))
    finally:
        started.stop()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert b"first" in files[0].read_bytes()
    assert not list((tmp_path / "mail").glob("*.part"))
