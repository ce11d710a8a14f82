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
from datetime import timedelta
from typing import Any

from crm_chassis.logging import get_logger
from crm_contacts.service.imports import ImportJob, LeaseLost, resume_import

log = get_logger(__name__)
MAX_ATTEMPTS = 3


class ImportRunner:
    """Runs queued imports of one service process."""

    def __init__(self, service: Any, worker: str | None = None) -> None:
        from crm_contacts.adapters.bulk import BulkStore

        self.service = service
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.lease = timedelta(seconds=service.settings.import_lease_seconds)
        self._bulk_class = BulkStore

    def _bulk(self) -> Any:
        bulk = self._bulk_class(self.service.db, self.service.uow)
        bulk.lease = self.lease
        return bulk

    def claim(self) -> ImportJob | None:
        """Take one claimable job (or None)."""
        return self._bulk().claim_job(self.worker, self.lease, MAX_ATTEMPTS)

    def run_once(self) -> ImportJob | None:
        """Claim and run one job to its end; return it (None when nothing was queued)."""
        job = self.claim()
        if job is None:
            return None
        return self.run(job)

    def run(self, job: ImportJob) -> ImportJob | None:
        bulk = self._bulk()
        log.info(
            "import.claimed", job_id=str(job.id), worker=self.worker, resumed_at=job.processed_rows
        )
        text = bulk.open_upload(job.id)
        try:
            return resume_import(
                job,
                text,
                self.service.access,
                bulk=bulk,
                batch_rows=self.service.settings.import_batch_rows,
            )
        except LeaseLost:
            return None  # another worker has it now
        except Exception:  # the job is marked failed; the loop goes on
            log.exception("import.crashed", job_id=str(job.id))
            return job
        finally:
            text.close()

    def loop(self, stop: threading.Event) -> None:
        poll = self.service.settings.import_poll_seconds
        while not stop.is_set():
            try:
                if self.run_once() is not None:
                    continue  # more may be waiting
            except Exception:  # a database hiccup must not end the thread
                log.exception("import.poll_failed")
            stop.wait(poll)


def start_import_runner(service: Any) -> threading.Event:
    """Start the polling thread (daemon); set the returned event to stop it."""
    stop = threading.Event()
    runner = ImportRunner(service)
    threading.Thread(target=runner.loop, args=(stop,), name="contacts-imports", daemon=True).start()
    log.info("import.runner_started", worker=runner.worker)
    return stop
