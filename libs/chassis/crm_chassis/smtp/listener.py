"""An SMTP listener (aiosmtpd) running in its own thread beside a worker's other parts.

The service gives two plain functions: ``accepts(recipient)`` (RCPT TO; a refused address
is answered ``550``) and ``deliver(Delivery)`` (after DATA; runs in a thread pool so a slow
database never stalls the listener's event loop). ``deliver`` returning normally is
``250``; raising :class:`SmtpRefusal` answers its code; any other exception is ``451``
(temporary: the sending server keeps the message and tries again later, so nothing is lost
when our database is briefly down). A message over ``max_message_bytes`` is ``552`` from
aiosmtpd itself, before it is read whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.smtp")


@dataclass(frozen=True)
class Delivery:
    """One message as the SMTP envelope gave it."""

    mail_from: str
    recipients: tuple[str, ...]
    content: bytes
    peer: str = ""


class SmtpRefusal(Exception):
    """Raised by ``deliver`` to answer a permanent or temporary SMTP error."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text


class _Handler:
    def __init__(
        self, accepts: Callable[[str], bool], deliver: Callable[[Delivery], object]
    ) -> None:
        self.accepts = accepts
        self.deliver = deliver

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if not self.accepts(address.lower()):
            return "550 5.1.1 Unknown recipient"
        envelope.rcpt_tos.append(address.lower())
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        delivery = Delivery(
            mail_from=(envelope.mail_from or "").lower(),
            recipients=tuple(envelope.rcpt_tos),
            content=bytes(envelope.original_content or envelope.content or b""),
            peer=str(session.peer[0]) if session.peer else "",
        )
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.deliver, delivery)
        except SmtpRefusal as refusal:
            log.info("smtp.refused", code=refusal.code, reason=refusal.text)
            return f"{refusal.code} {refusal.text}"
        except Exception:  # logged; the sender retries a 4xx later
            log.exception("smtp.deliver_failed")
            return "451 4.3.0 Temporary failure, try again later"
        return "250 2.0.0 OK"


class SmtpListener:
    """aiosmtpd's threaded controller on ``host:port``; ``start()`` returns once it listens."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        accepts: Callable[[str], bool],
        deliver: Callable[[Delivery], object],
        max_message_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        from aiosmtpd.controller import Controller

        # aiosmtpd logs every SMTP command (addresses included) at INFO on "mail.log";
        # our own lines say what happened to each message.
        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self.host = host
        self.port = port
        self.running = False
        self.controller = Controller(
            _Handler(accepts, deliver),
            hostname=host,
            port=port,
            data_size_limit=max_message_bytes,
            decode_data=False,
            ready_timeout=10.0,
        )

    def start(self) -> SmtpListener:
        self.controller.start()
        self.running = True
        log.info("smtp.listening", host=self.host, port=self.port)
        return self

    def stop(self) -> None:
        """Stop listening (again: nothing happens)."""
        if not self.running:
            return
        self.running = False
        self.controller.stop()
        log.info("smtp.stopped", host=self.host, port=self.port)
