"""A worker killed mid-send (a subprocess, SIGKILL) and then resumed mails each recipient
once: no row sent twice, none lost, opted-out never mailed."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from email import policy
from pathlib import Path
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port
from crm_marketing.adapters.mailing_fakes import audience, scheduled_mailing, templates
from crm_marketing.adapters.mailing_tables import mailing_recipients
from crm_marketing.bootstrap import bootstrap, mass_mailer
from crm_marketing.config import Settings

COUNT = 150
WORKER = """
import sys
from uuid import UUID
from crm_marketing.adapters.mailing_fakes import audience, templates
from crm_marketing.bootstrap import bootstrap, mass_mailer
from crm_marketing.config import Settings

settings = Settings(database_url=sys.argv[1], smtp_port=int(sys.argv[2]))
app = bootstrap(settings, recipients=audience(int(sys.argv[4]), opted_out=3), templates=templates())
mass_mailer(app).run_until_done(UUID(sys.argv[3]))
"""


def _received(folder: Path) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in folder.glob("*.eml")
    ]


def _wait_for(folder: Path, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if folder.exists() and len(list(folder.glob("*.eml"))) >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"the worker sent fewer than {count} (exit {proc.poll()})")


def test_a_killed_worker_resumes_without_mailing_anyone_twice(settings: Settings, tmp_path):
    folder = tmp_path / "mail"
    listener = sink("127.0.0.1", free_port(), folder)
    app = bootstrap(
        settings.model_copy(update={"smtp_port": listener.port}),
        recipients=audience(COUNT, opted_out=3),
        templates=templates(),
    )
    try:
        mailing_id = scheduled_mailing(app.db, batch_size=20, per_second=150)
        args = [settings.database_url, str(listener.port), str(mailing_id), str(COUNT)]
        env = {**os.environ, "CRM_LOG_LEVEL": "WARNING"}
        proc = subprocess.Popen([sys.executable, "-c", WORKER, *args], env=env)
        try:
            _wait_for(folder, 40, proc)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        killed_at = len(_received(folder))
        assert killed_at < COUNT  # it really died mid-send
        mass_mailer(app).run_until_done(UUID(str(mailing_id)))
        by_address: dict[str, set[str]] = defaultdict(set)
        got = _received(folder)
        for message in got:
            by_address[str(message["To"]).split("<")[-1].rstrip(">")].add(message["Message-ID"])
        assert len(by_address) == COUNT
        # One message per recipient; a kill between the server's 250 and our commit may
        # resend one, with the same Message-ID (mail systems drop it as a duplicate).
        assert all(len(ids) == 1 for ids in by_address.values())
        assert len(got) <= COUNT + 1
        assert not any(a.startswith("out") for a in by_address)
        with app.db.reading() as session:
            statuses = dict(
                session.execute(
                    sa.select(mailing_recipients.c.status, sa.func.count()).group_by(
                        mailing_recipients.c.status
                    )
                ).all()
            )
        assert statuses == {"sent": COUNT, "skipped": 3}
    finally:
        listener.stop()
        app.db.dispose()
