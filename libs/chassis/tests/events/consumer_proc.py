"""A consumer process for the crash and shutdown tests.

    python consumer_proc.py hang   DB_URL AMQP_URL EXCHANGE SERVICE MARKER
    python consumer_proc.py worker DB_URL AMQP_URL EXCHANGE SERVICE MARKER
    python consumer_proc.py noack  DB_URL AMQP_URL EXCHANGE SERVICE MARKER

``hang``: the handler writes its note, then writes MARKER (the event id) and blocks, so
the test can SIGKILL the process in the middle of handling. ``worker``: runs the
worker role body (relay + consumer) and writes MARKER once consuming. ``noack``: handles
batches and commits them but never acks, writing to MARKER how many events it committed
(the test kills it between the commit and the ack).
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


class NeverAcks(Consumer):
    """Commits every batch, then "crashes" before acking: counts, keeps the deliveries."""

    def run_with_marker(self, marker: Path) -> None:
        self.marker, self.committed = marker, 0
        self.run()

    def _settle_batch(self, generation, connection, channel, publisher, batch, done):
        outcomes = done.result()
        assert all(o.action == "ack" for o in outcomes), outcomes
        self.committed += len(batch)
        self.marker.write_text(str(self.committed))
        self._busy = False
        self._dispatch(generation, connection, channel, publisher)


def main() -> None:
    mode, db_url, amqp_url, exchange, service, marker = sys.argv[1:7]
    configure_logging(service, mode)
    app = App()
    db = Database(db_url)
    if mode == "noack":
        NeverAcks(
            service, db, amqp_url, exchange, {NOTE_ADDED: app.add_note}, [0.2], tables=app.tables
        ).run_with_marker(Path(marker))
        return
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
