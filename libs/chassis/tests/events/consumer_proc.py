"""A consumer process for the crash and shutdown tests.

    python consumer_proc.py hang   DB_URL AMQP_URL EXCHANGE SERVICE MARKER
    python consumer_proc.py worker DB_URL AMQP_URL EXCHANGE SERVICE MARKER

``hang``: the handler writes its note, then writes MARKER (the event id) and blocks, so
the test can SIGKILL the process in the middle of handling. ``worker``: runs the
worker role body (relay + consumer) and writes MARKER once consuming.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _eventapp import NOTE_ADDED, App

from crm_chassis.config import ServiceSettings
from crm_chassis.db.engine import Database
from crm_chassis.events import Consumer
from crm_chassis.events import worker as worker_module
from crm_chassis.logging import configure_logging


def main() -> None:
    mode, db_url, amqp_url, exchange, service, marker = sys.argv[1:7]
    configure_logging(service, mode)
    app = App()
    db = Database(db_url)
    if mode == "hang":

        def hang(session, envelope):
            app.add_note(session, envelope)
            session.flush()
            Path(marker).write_text(envelope.id)
            time.sleep(600)

        consumer = Consumer(
            service, db, amqp_url, exchange, {NOTE_ADDED: hang}, [0.2], tables=app.tables
        )
        consumer.run()
        return
    settings = ServiceSettings(service_name=service, amqp_url=amqp_url, events_exchange=exchange)
    built = worker_module.build_parts

    def parts_with_marker(*args, **kwargs):
        parts = built(*args, **kwargs)
        consumer = parts[-1]

        def announce():
            consumer.ready.wait(30)
            Path(marker).write_text("ready")

        threading.Thread(target=announce, daemon=True).start()
        return parts

    worker_module.build_parts = parts_with_marker
    worker_module.run_worker(settings, db, {NOTE_ADDED: app.add_note}, tables=app.tables)


if __name__ == "__main__":
    main()
