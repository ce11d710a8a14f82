"""SmtpConnection.hand_off / hand_off_raw against a real aiosmtpd server: the server's reply
comes back (the hand-off id), a refused recipient raises with its code, and the session
stays usable after a refusal."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest

from crm_chassis.smtp import SmtpSender, SmtpSettings
from crm_chassis.smtp.listener import SmtpListener
from crm_chassis.smtp.sink import MailSink
from crm_chassis.testing.processes import free_port


def test_the_reply_is_returned_and_a_refusal_keeps_the_session(tmp_path: Path) -> None:
    listener = SmtpListener(
        "127.0.0.1",
        free_port(),
        accepts=lambda rcpt: not rcpt.startswith("nobody@"),
        deliver=MailSink(tmp_path),
    ).start()
    try:
        sender = SmtpSender(SmtpSettings(port=listener.port))
        message = EmailMessage()
        message["From"] = "News <news@example.org>"
        message["To"] = "Ann <ann@example.com>"
        message["Subject"] = "Hi"
        message.set_content("Hello")
        with sender.connect() as session:
            with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
                session.hand_off_raw(
                    "news@example.org", ["nobody@example.com"], b"Subject: x\r\n\r\nx\r\n"
                )
            assert refused.value.recipients["nobody@example.com"][0] >= 500
            reply = session.hand_off(message)
        assert reply.startswith("250")
        assert len(list(tmp_path.glob("*.eml"))) == 1
    finally:
        listener.stop()
