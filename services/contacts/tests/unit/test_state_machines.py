"""Contacts' declared state machines: the tables, and docs/domain.md showing each one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crm_chassis.states import InvalidTransition
from crm_contacts.domain.deletions import DELETION_REQUEST_STATUS, DeletionRequest
from crm_contacts.domain.imports import IMPORT_JOB_STATUS, ImportJob
from crm_contacts.domain.tasks import DONE_STATUSES, TASK_STATUS, TASK_STATUSES

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"
MACHINES = (TASK_STATUS, DELETION_REQUEST_STATUS, IMPORT_JOB_STATUS)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_docs_domain_md_holds_each_machine_as_rendered(machine):
    assert machine.as_markdown() in DOC.read_text(encoding="utf-8")


def test_task_machine_covers_the_pick_list_and_done_is_terminal():
    assert set(TASK_STATUS.statuses) == set(TASK_STATUSES)
    assert TASK_STATUS.terminal == DONE_STATUSES


def test_a_deletion_request_is_decided_once():
    request = DeletionRequest(
        id=uuid.uuid4(),
        record_type="account",
        record_id=uuid.uuid4(),
        record_owner_id=uuid.uuid4(),
        requested_by="u",
        requested_at=NOW,
    )
    request.decide(approve=False, by="m", now=NOW, note=None)
    with pytest.raises(InvalidTransition) as refused:
        request.decide(approve=True, by="m", now=NOW, note=None)
    assert refused.value.current == "rejected" and refused.value.allowed == ()


def test_an_import_job_runs_then_finishes_once():
    job = ImportJob(
        id=uuid.uuid4(),
        entity="accounts",
        dry_run=False,
        on_duplicate="skip",
        created_by="u",
        created_at=NOW,
        status="queued",
    )
    job.start()
    job.start()  # a resumed job goes on running
    job.failed_count = 1
    job.finish(NOW)
    assert (job.status, job.finished_at) == ("partial", NOW)
    with pytest.raises(InvalidTransition):
        job.fail(NOW)
    with pytest.raises(InvalidTransition):
        job.start()
