"""``crm-smtp-sink``: a local SMTP server that keeps every message as a file, for ``make up``.

Nothing leaves the laptop: each message is written to ``$CRM_VAR_DIR/mail/`` as
``<UTC timestamp>-<id>.eml`` (open it with any mail reader, or ``cat`` it) and one log line
names it. Support uses it by default, marketing will too.
"""

from __future__ import annotations

import argparse
import os
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from crm_chassis.config import default_var_dir
from crm_chassis.logging import configure_logging, get_logger
from crm_chassis.smtp.listener import Delivery, SmtpListener

log = get_logger("crm_chassis.smtp.sink")


class MailSink:
    """Writes each delivery to ``folder`` (made when missing); every recipient accepted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, delivery: Delivery) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        # Written aside then renamed, so a reader never sees half a message.
        partial = path.with_suffix(".part")
        partial.write_bytes(delivery.content)
        partial.rename(path)
        log.info(
            "smtp_sink.received",
            file=str(path),
            to=list(delivery.recipients),
            mail_from=delivery.mail_from,
            bytes=len(delivery.content),
        )
        return path


def sink(host: str, port: int, folder: Path) -> SmtpListener:
    """A started sink listener (the tests use it as the far end of outbound mail)."""
    return SmtpListener(host, port, accepts=lambda _rcpt: True, deliver=MailSink(folder)).start()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Keep every mail sent to it under var/mail.")
    parser.add_argument("--host", default=os.environ.get("CRM_SMTP_SINK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CRM_SMTP_SINK_PORT", 2525)))
    parser.add_argument("--dir", type=Path, default=default_var_dir() / "mail")
    args = parser.parse_args(argv)
    configure_logging("smtp-sink", "sink", "INFO")
    listener = sink(args.host, args.port, args.dir)
    log.info("smtp_sink.ready", host=args.host, port=args.port, folder=str(args.dir))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()


if __name__ == "__main__":
    main()
