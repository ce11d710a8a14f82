"""Hand a message to a real SMTP server (smtplib): plain, STARTTLS or implicit TLS, with
optional login. One connection per message: support and marketing send a few per minute,
and a fresh connection never trips over a server that closed an idle one.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from typing import Literal

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.smtp")

Security = Literal["none", "starttls", "tls"]


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 2525
    security: Security = "none"
    user: str = ""
    password: str = ""
    timeout_seconds: float = 10.0


class SmtpConnection:
    """One open, greeted (and, if configured, encrypted and logged-in) SMTP session."""

    def __init__(self, client: smtplib.SMTP) -> None:
        self.client = client

    def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message (its ``250`` after DATA)."""
        refused = self.client.send_message(message)
        if refused:
            log.warning("smtp.recipients_refused", refused=sorted(refused))
        log.info("smtp.sent", message_id=message["Message-ID"], to=message["To"])

    def hand_off(self, message: EmailMessage) -> str:
        """Send one message on this session and return the server's reply to its DATA
        (``250 ... queued as ...``: the hand-off id a sender records)."""
        sender = parseaddr(str(message["From"]))[1]
        recipients = [a for _, a in getaddresses([str(v) for v in message.get_all("To", [])])]
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        return self.hand_off_raw(sender, recipients, data)

    def hand_off_raw(self, sender: str, recipients: list[str], data: bytes) -> str:
        """Send a message already serialised (CRLF lines); the server's reply to DATA. A
        refused sender, all recipients refused or a refused DATA raise smtplib's errors
        (the code tells a permanent 5xx from a temporary 4xx); the session stays usable."""
        client = self.client
        client.ehlo_or_helo_if_needed()
        code, reply = client.mail(sender)
        if code != 250:
            client.rset()
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for address in recipients:
            code, reply = client.rcpt(address)
            if code not in (250, 251):
                refused[address] = (code, reply)
        if len(refused) == len(recipients):
            client.rset()
            raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
        code, reply = client.data(data)
        if code != 250:
            client.rset()
            raise smtplib.SMTPDataError(code, reply)
        return f"{code} {reply.decode('utf-8', 'replace')}"


class SmtpSender:
    """Sends ``EmailMessage``s; an SMTP or network error propagates (the caller retries).

    ``connect()`` opens the session first (connection, TLS, login), so a caller that
    records the hand-off in a database transaction opens that transaction only around
    ``send``: the slow part of SMTP happens before any lock is taken.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    @contextmanager
    def connect(self) -> Iterator[SmtpConnection]:
        s = self.settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if s.security == "tls":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        with client:
            client.ehlo()
            if s.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if s.user:
                client.login(s.user, s.password)
            yield SmtpConnection(client)

    def send(self, message: EmailMessage) -> None:
        """Send one message on a session of its own."""
        with self.connect() as connection:
            connection.send(message)
