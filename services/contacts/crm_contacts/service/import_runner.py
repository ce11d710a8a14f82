"""The worker's side of background imports: claim a queued job, run it, renew its lease.

A thread in ``crm-contacts-worker`` polls ``import_jobs`` every
``CONTACTS_IMPORT_POLL_SECONDS``. Claims are one guarded UPDATE (plus SKIP LOCKED on
PostgreSQL), so any number of workers never take the same job. The worker renews the job's
lease (``CONTACTS_IMPORT_LEASE_SECONDS``) with every batch's progress; a job whose worker
died is taken over once the lease has run out and **resumes** after its last committed
batch (records and progress commit together). After three such takeovers the job is marked
failed rather than crash workers forever. Tests call :meth:`ImportRunner.run_once`.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from typing import Protocol

from crm_chassis.logging import get_logger
from crm_chassis.usecases import UseCases
from crm_contacts.config import Settings
from crm_contacts.domain.commands import ResumeImport
from crm_contacts.domain.imports import ImportJob, LeaseLost
from crm_contacts.domain.ports import ImportStore

log = get_logger(__name__)
MAX_ATTEMPTS = 3


class Wired(Protocol):
    """What the runner needs of the wired service."""

    settings: Settings
    run: UseCases
    imports: ImportStore


class ImportRunner:
    """Runs queued imports of one service process."""

    def __init__(self, app: Wired, worker: str | None = None) -> None:
        self.app = app
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    def claim(self) -> ImportJob | None:
        """Take one claimable job (or None)."""
        return self.app.imports.claim_job(self.worker, MAX_ATTEMPTS)

    def run_once(self) -> ImportJob | None:
        """Claim and run one job to its end; return it (None when nothing was queued)."""
        job = self.claim()
        if job is None:
            return None
        return self.run(job)

    def run(self, job: ImportJob) -> ImportJob | None:
        log.info(
            "import.claimed", job_id=str(job.id), worker=self.worker, resumed_at=job.processed_rows
        )
        try:
            return self.app.run(ResumeImport(job))
        except LeaseLost:
            return None  # another worker has it now
        except Exception:  # the job is marked failed; the loop goes on
            log.exception("import.crashed", job_id=str(job.id))
            return job

    def loop(self, stop: threading.Event) -> None:
        poll = self.app.settings.import_poll_seconds
        while not stop.is_set():
            try:
                if self.run_once() is not None:
                    continue  # more may be waiting
            except Exception:  # a database hiccup must not end the thread
                log.exception("import.poll_failed")
            stop.wait(poll)


def start_import_runner(app: Wired) -> threading.Event:
    """Start the polling thread (daemon); set the returned event to stop it."""
    stop = threading.Event()
    runner = ImportRunner(app)
    threading.Thread(target=runner.loop, args=(stop,), name="contacts-imports", daemon=True).start()
    log.info("import.runner_started", worker=runner.worker)
    return stop
