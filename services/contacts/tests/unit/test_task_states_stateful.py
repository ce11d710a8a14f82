"""Stateful property test of a task's status: random sequences of status changes (with
and without a reopen reason) through the domain; after each step no illegal transition
was accepted and the derived fields agree with the status."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from crm_chassis.errors import AppError
from crm_contacts.domain.tasks import DONE_STATUSES, TASK_STATUS, TASK_STATUSES, Task, TaskFields

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class TaskStatuses(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.task = Task.create(
            id=uuid.uuid4(),
            owner_id=uuid.uuid4(),
            created_by="u",
            now=self.now,
            fields=TaskFields(title="t"),
        )
        self.changes = 0

    @rule(
        status=st.sampled_from((*TASK_STATUSES, "Done")),
        reason=st.sampled_from([None, "", "customer called"]),
        title=st.sampled_from([None, "t", "other"]),
    )
    def change(self, status: str, reason: str | None, title: str | None) -> None:
        target = status
        self.now += timedelta(minutes=1)
        before, version = self.task.status, self.task.version
        sent = {"status"} | ({"title"} if title else set())
        fields = TaskFields(status=target, title=title)
        try:
            changed = self.task.update(
                fields, sent, now=self.now, expected_version=None, reason=reason
            )
        except AppError:
            assert (self.task.status, self.task.version) == (before, version)
            if target != before and target in TASK_STATUSES:
                legal = TASK_STATUS.can(before, target) or (
                    target in TASK_STATUS.reopen.get(before, ()) and bool(reason)
                )
                assert not legal, f"{before} -> {target} refused although allowed"
            return
        if target != before:
            reopened = target in TASK_STATUS.reopen.get(before, ()) and bool(reason)
            assert TASK_STATUS.can(before, target) or reopened, f"{before} -> {target}"
        assert (self.task.version == version + 1) == bool(changed)
        if "status" in changed and self.task.status in DONE_STATUSES:
            assert self.task.completed_at == self.now

    @invariant()
    def derived_fields_agree_with_the_status(self) -> None:
        task = self.task
        assert task.status in TASK_STATUSES
        assert task.is_open == (task.status not in DONE_STATUSES)
        assert (task.completed_at is not None) == (not task.is_open)
        assert not task.is_overdue(START.date() + timedelta(days=999)) or task.is_open


TaskStatuses.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None)
test_task_statuses = TaskStatuses.TestCase
