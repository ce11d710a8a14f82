"""The batch path (PostgreSQL): a worker killed after its batch's hand-offs and before the
batch's marks commit resumes without mailing anyone twice (the hand-off journal), and
parallel lanes never send one row twice."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from collections import Counter
from email import policy
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port
from crm_marketing.adapters.mailing_fakes import audience, scheduled_mailing, templates
from crm_marketing.adapters.mailing_tables import mailing_handoffs, mailing_recipients
from crm_marketing.bootstrap import bootstrap, mass_mailer
from crm_marketing.config import Settings

COUNT = 120
# The worker dies (SIGKILL: no rollback, no goodbye) after mailing its first batch,
# before writing that batch's marks ("marks"), or right after the 10th hand-off's journal
# insert left for the server, its result unread ("journal").
WORKER = """
import os, signal, sys
from uuid import UUID
from crm_marketing.adapters.mailing_fakes import audience, templates
from crm_marketing.adapters.mailing_journal import HandoffJournal
from crm_marketing.bootstrap import bootstrap, mass_mailer
from crm_marketing.config import Settings

record, count = HandoffJournal.record, []
def record_then_die(self, *args):
    record(self, *args)
    count.append(1)
    if len(count) == 10 and sys.argv[5] == "journal":
        os.kill(os.getpid(), signal.SIGKILL)
HandoffJournal.record = record_then_die

settings = Settings(database_url=sys.argv[1], smtp_port=int(sys.argv[2]))
app = bootstrap(settings, recipients=audience(int(sys.argv[4]), opted_out=2), templates=templates())
job = mass_mailer(app)
job.concurrency = 1
job.before_marks = lambda marks: os.kill(os.getpid(), signal.SIGKILL)
job.run_until_done(UUID(sys.argv[3]))
"""


def messages(folder: Path) -> list[Any]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[arg-type]
        for p in sorted(folder.glob("*.eml"))
    ]


@pytest.fixture(autouse=True)
def _postgres(settings: Settings) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("set CRM_TEST_DATABASE_URL_BASE: the batch path runs on PostgreSQL")


def _statuses(app) -> dict[str, int]:
    with app.db.reading() as session:
        return dict(
            session.execute(
                sa.select(mailing_recipients.c.status, sa.func.count()).group_by(
                    mailing_recipients.c.status
                )
            ).all()
        )


def _journal(app) -> int:
    with app.db.reading() as session:
        return int(
            session.execute(sa.select(sa.func.count()).select_from(mailing_handoffs)).scalar()
        )


@pytest.mark.parametrize(("dies_at", "handed_off"), [("marks", 50), ("journal", 10)])
def test_a_worker_killed_between_a_batchs_sends_and_its_marks_mails_nobody_twice(
    settings: Settings, tmp_path: Path, dies_at: str, handed_off: int
):
    folder = tmp_path / "mail"
    listener = sink("127.0.0.1", free_port(), folder)
    app = bootstrap(
        settings.model_copy(update={"smtp_port": listener.port}),
        recipients=audience(COUNT, opted_out=2),
        templates=templates(),
    )
    try:
        mailing_id = scheduled_mailing(app.db, batch_size=50)
        args = [settings.database_url, str(listener.port), str(mailing_id), str(COUNT), dies_at]
        env = {**os.environ, "CRM_LOG_LEVEL": "WARNING"}
        proc = subprocess.run([sys.executable, "-c", WORKER, *args], env=env, timeout=120)
        assert proc.returncode == -9  # it died in the window, not before
        first = messages(folder)
        assert len(first) == handed_off  # the hand-offs went out ...
        assert _statuses(app) == {"queued": COUNT, "skipped": 2}  # ... their marks did not
        assert _journal(app) == handed_off

        mass_mailer(app).run_until_done(UUID(str(mailing_id)))

        got = messages(folder)
        per_address = Counter(str(m["To"]).split("<")[-1].rstrip(">") for m in got)
        assert len(per_address) == COUNT
        assert set(per_address.values()) == {1}
        assert _statuses(app) == {"sent": COUNT, "skipped": 2}
        with app.db.reading() as session:
            recorded = dict(
                session.execute(
                    sa.select(mailing_recipients.c.address, mailing_recipients.c.message_id)
                )
                .tuples()
                .all()
            )
        # The rows of the dead worker's batch carry the hand-off it journaled.
        assert all(
            recorded[str(m["To"]).split("<")[-1].rstrip(">")] == m["Message-ID"] for m in got
        )
        assert _journal(app) == 0  # the finished mailing's journal is gone
    finally:
        listener.stop()
        app.db.dispose()


def test_parallel_lanes_send_each_row_once(settings: Settings, tmp_path: Path):
    folder = tmp_path / "mail"
    listener = sink("127.0.0.1", free_port(), folder)
    app = bootstrap(
        settings.model_copy(update={"smtp_port": listener.port, "mailing_concurrency": 4}),
        recipients=audience(COUNT * 2),
        templates=templates(),
    )
    try:
        mailing_id = scheduled_mailing(app.db, batch_size=200)
        job = mass_mailer(app)
        commits: list[int] = []
        job.before_marks = lambda marks: commits.append(len(marks))
        assert job.run_until_done(UUID(str(mailing_id))) == COUNT * 2
        assert len(commits) >= 4 and max(commits) <= 50  # lanes, one batch each
        per_address = Counter(str(m["To"]) for m in messages(folder))
        assert len(per_address) == COUNT * 2 and set(per_address.values()) == {1}
        assert _statuses(app) == {"sent": COUNT * 2}
    finally:
        listener.stop()
        app.db.dispose()
