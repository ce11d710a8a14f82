"""The worker's e-mail channel (h/mail): the SMTP listener taking mail for the support
addresses, and the timer sending queued mail (the closing mail with its survey link)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from crm_chassis.errors import AppError
from crm_chassis.logging import get_logger
from crm_chassis.roles import every
from crm_chassis.smtp import Delivery, SmtpListener, SmtpRefusal
from crm_support.bootstrap import Support, mail_intake, mailer
from crm_support.service.inbound_mail import MailIntake

log = get_logger("crm_support.worker")


def mail_listener(app: Support, intake: MailIntake | None = None) -> SmtpListener:
    """The SMTP listener of the support addresses (started by the caller)."""
    intake = intake or mail_intake(app)

    def deliver(delivery: Delivery) -> None:
        try:
            intake.receive(delivery.content)
        except AppError as refused:
            if refused.spec.status >= 500:
                raise  # a service down: 451, the sender tries again later
            # The message itself cannot be filed: retrying would not help.
            raise SmtpRefusal(554, f"5.6.0 Message not accepted: {refused.detail}") from None

    s = app.settings
    return SmtpListener(
        s.mail_listen_host,
        s.mail_listen_port,
        accepts=intake.accepts,
        deliver=deliver,
        max_message_bytes=s.mail_max_message_bytes,
    )


def start_listening(app: Support) -> SmtpListener | None:
    """The listener, started; a port taken by another process is logged, not fatal: the
    relay and the consumer matter more than inbound mail, which the senders retry."""
    try:
        return mail_listener(app).start()
    except (OSError, RuntimeError) as exc:
        log.error("mail.listen_failed", port=app.settings.mail_listen_port, error=str(exc))
        return None


def start_mail(app: Support) -> Callable[[], None]:
    """Start the listener (when ``SUPPORT_MAIL_LISTEN``) and the sender; return the stop."""
    settings = app.settings
    listener = start_listening(app) if settings.mail_listen else None
    send = mailer(app, survey_url=app.survey_links.url_for).send_due
    sending: threading.Event | None = None
    if settings.mail_send_seconds > 0:
        sending = every(settings.mail_send_seconds, send, "support-mailer")

    def stop() -> None:
        if sending is not None:
            sending.set()
        if listener is not None:
            listener.stop()

    return stop
