"""Hand a message to a real SMTP server (smtplib): plain, STARTTLS or implicit TLS, with
optional login. One connection per message: support and marketing send a few per minute,
and a fresh connection never trips over a server that closed an idle one.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
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


class SmtpSender:
    """Sends one ``EmailMessage``; an SMTP or network error propagates (the caller retries)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message (its ``250`` after DATA)."""
        s = self.settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if s.security == "tls":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        with client:
            if s.security == "starttls":
                client.starttls(context=context)
            if s.user:
                client.login(s.user, s.password)
            refused = client.send_message(message)
        if refused:
            log.warning("smtp.recipients_refused", refused=sorted(refused))
        log.info("smtp.sent", message_id=message["Message-ID"], to=message["To"])
