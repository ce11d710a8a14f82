"""Stateful property test of an import job's status: random starts, finishes, failures and
deletion-request decisions through the domain; no illegal transition is accepted, a
finished job stays finished with its finish time, and a request is decided once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from crm_chassis.states import InvalidTransition
from crm_contacts.domain.deletions import DELETION_REQUEST_STATUS, PENDING, DeletionRequest
from crm_contacts.domain.imports import FINISHED, IMPORT_JOB_STATUS, ImportJob

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class JobAndRequest(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.job = ImportJob(
            id=uuid.uuid4(),
            entity="accounts",
            dry_run=False,
            on_duplicate="skip",
            created_by="u",
            created_at=START,
            status="queued",
        )
        self.request = DeletionRequest(
            id=uuid.uuid4(),
            record_type="account",
            record_id=uuid.uuid4(),
            record_owner_id=uuid.uuid4(),
            requested_by="u",
            requested_at=START,
        )
        self.finished_at: datetime | None = None

    def _tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def _try(self, action, allowed: bool) -> None:
        before = (self.job.status, self.job.finished_at)
        try:
            action()
        except InvalidTransition:
            assert not allowed, f"refused although allowed from {before[0]}"
            assert (self.job.status, self.job.finished_at) == before
            return
        assert allowed, f"accepted from {before[0]}"

    @rule()
    def start(self) -> None:
        allowed = self.job.status == "running" or IMPORT_JOB_STATUS.can(self.job.status, "running")
        self._try(self.job.start, allowed)

    @rule(failed_rows=st.integers(0, 3))
    def finish(self, failed_rows: int) -> None:
        self.job.failed_count = failed_rows
        target = "completed" if not failed_rows else "partial"
        allowed = IMPORT_JOB_STATUS.can(self.job.status, target)
        self._try(lambda: self.job.finish(self._tick()), allowed)

    @rule()
    def fail(self) -> None:
        allowed = IMPORT_JOB_STATUS.can(self.job.status, "failed")
        self._try(lambda: self.job.fail(self._tick()), allowed)

    @rule(approve=st.booleans())
    def decide(self, approve: bool) -> None:
        before = self.request.status
        try:
            self.request.decide(approve=approve, by="m", now=self._tick(), note=None)
        except InvalidTransition:
            assert before != PENDING and self.request.status == before
            return
        assert before == PENDING
        assert DELETION_REQUEST_STATUS.can(before, self.request.status)

    @invariant()
    def finished_jobs_stay_finished(self) -> None:
        job = self.job
        assert job.status in IMPORT_JOB_STATUS.statuses
        assert (job.finished_at is not None) == (job.status in FINISHED)
        if self.finished_at is not None:
            assert job.finished_at == self.finished_at
        self.finished_at = job.finished_at
        decided = self.request.status != PENDING
        assert decided == (self.request.decided_at is not None)


JobAndRequest.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None)
test_import_job_and_deletion_request_statuses = JobAndRequest.TestCase
