"""Whom a breach is escalated to, and the recorder that keeps SLA rows in step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from crm_access.model import PolicySnapshot
from crm_support.domain.escalation import manager_of
from crm_support.service import sla_tracking

BOSS, LEAD, OTHER_LEAD, AGENT, LONER = (uuid.UUID(int=n) for n in (1, 2, 3, 4, 5))


def _policy(*, lead_active: bool = True) -> PolicySnapshot:
    return PolicySnapshot.from_dict(
        {
            "version": 1,
            "users": [
                {"id": str(BOSS), "role_id": "boss"},
                {"id": str(OTHER_LEAD), "role_id": "lead"},
                {"id": str(LEAD), "role_id": "lead", "active": lead_active},
                {"id": str(AGENT), "role_id": "agent"},
                {"id": str(LONER), "role_id": "boss"},
            ],
            "roles": [
                {"id": "boss", "name": "Boss"},
                {"id": "lead", "name": "Lead", "parent_id": "boss"},
                {"id": "empty", "name": "Empty", "parent_id": "boss"},
                {"id": "agent", "name": "Agent", "parent_id": "lead"},
            ],
        }
    )


def test_the_manager_holds_the_owners_parent_role_smallest_id_first():
    assert manager_of(AGENT, "user", _policy()) == LEAD
    assert manager_of(AGENT, "user", _policy(lead_active=False)) == OTHER_LEAD


def test_the_top_of_the_tree_and_groups_have_no_manager():
    assert manager_of(BOSS, "user", _policy()) is None
    assert manager_of(AGENT, "group", _policy()) is None
    assert manager_of(None, None, _policy()) is None
    assert manager_of(uuid.uuid4(), "user", _policy()) is None


def test_a_manager_role_without_holders_passes_up_the_tree():
    snapshot = PolicySnapshot.from_dict(
        {
            "version": 1,
            "users": [{"id": str(BOSS), "role_id": "boss"}, {"id": str(AGENT), "role_id": "agent"}],
            "roles": [
                {"id": "boss", "name": "Boss"},
                {"id": "lead", "name": "Lead", "parent_id": "boss"},
                {"id": "agent", "name": "Agent", "parent_id": "lead"},
            ],
        }
    )
    assert manager_of(AGENT, "user", snapshot) == BOSS


@dataclass
class _Ticket:
    id: uuid.UUID


@dataclass
class _Event:
    ticket: _Ticket


def test_the_recorder_refreshes_each_touched_ticket_once_after_recording(monkeypatch):
    refreshed: list[uuid.UUID] = []
    monkeypatch.setattr(
        sla_tracking, "refresh_targets", lambda store, ticket_id, *a: refreshed.append(ticket_id)
    )
    recorded: list[Any] = []

    class Inner:
        def __call__(self, session: Any, event: Any) -> None:
            recorded.append(event)

        def record_many(self, session: Any, events: Any) -> None:
            recorded.extend(events)

    recorder = sla_tracking.SlaTrackingRecorder(Inner(), contracts=None)  # type: ignore[arg-type]
    one, two = _Ticket(uuid.uuid4()), _Ticket(uuid.uuid4())
    recorder.record_many(None, [_Event(one), _Event(two), _Event(one), object()])  # type: ignore[arg-type]
    recorder(None, _Event(two))  # type: ignore[arg-type]
    assert len(recorded) == 5
    assert refreshed == [one.id, two.id, two.id]
