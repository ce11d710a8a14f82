"""crm-support-worker: the outbox relay, the consumer of other services' events, and the
e-mail channel (the SMTP listener for inbound mail and the timer sending queued mail)."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.errors import AppError
from crm_chassis.events import run_worker
from crm_chassis.logging import get_logger
from crm_chassis.roles import configured, every
from crm_chassis.smtp import Delivery, SmtpListener, SmtpRefusal
from crm_support.adapters.tables import event_tables
from crm_support.bootstrap import Support, bootstrap, mail_intake, mailer
from crm_support.config import Settings
from crm_support.events.incoming import handlers
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


def main() -> None:
    settings = configured(Settings, "worker")
    app = bootstrap(settings)
    app.db.instrument()
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, app.access.store)
    listener = start_listening(app) if settings.mail_listen else None
    sending = every(settings.mail_send_seconds, mailer(app).send_due, "support-mailer")
    try:
        run_worker(settings, app.db, handlers(app), tables=event_tables)
    finally:
        sending.set()
        if listener is not None:
            listener.stop()


if __name__ == "__main__":
    main()
