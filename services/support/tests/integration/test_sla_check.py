"""SLA rows follow ticket changes in their transaction; the scheduled check announces each
breach once, whether run twice, concurrently, or after a calendar correction."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_access.model import PolicySnapshot
from crm_chassis.auth.principal import Principal
from crm_support.adapters.tables import event_tables, ticket_sla_targets
from crm_support.domain.calendars import CalendarFields
from crm_support.domain.commands import AddComment, ChangeTicket, OpenTicket
from crm_support.domain.sla_commands import (
    ChangeCalendar,
    CreateCalendar,
    CreateSlaPolicy,
    RunSlaCheck,
)
from crm_support.domain.sla_policies import PolicyFields
from crm_support.domain.tickets import TicketFields

MANAGER, AGENT = uuid.uuid4(), uuid.uuid4()
ADMIN = Principal(str(uuid.uuid4()), roles=("admin",))
ALWAYS = {
    d: [{"start": "00:00", "end": "24:00"}]
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}


@pytest.fixture
def org(service: Any) -> None:
    service.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": 1,
                "users": [
                    {"id": str(MANAGER), "role_id": "lead"},
                    {"id": str(AGENT), "role_id": "agent"},
                ],
                "roles": [
                    {"id": "lead", "name": "Lead", "profile_ids": ["support"]},
                    {
                        "id": "agent",
                        "name": "Agent",
                        "parent_id": "lead",
                        "profile_ids": ["support"],
                    },
                ],
                "profiles": [
                    {
                        "id": "support",
                        "name": "Support",
                        "modules": {"tickets": ["view", "create", "edit"]},
                    },
                ],
                "sharing_defaults": {"tickets": "public_read_write"},
            }
        )
    )


@pytest.fixture
def urgent(service: Any, org: None) -> Any:
    calendar = service.run(
        CreateCalendar(CalendarFields(name="24/7", time_zone="UTC", hours=ALWAYS, holidays=())),
        caller=ADMIN,
    )
    fields = PolicyFields(
        name="Urgent",
        priority="Urgent",
        calendar_id=calendar.id,
        first_response_minutes=10,
        next_response_minutes=5,
        resolution_minutes=600,
    )
    service.run(CreateSlaPolicy(fields), caller=ADMIN)
    return calendar


def _open(service: Any) -> Any:
    fields = TicketFields(title="Server down", priority="Urgent", owner_id=AGENT)
    agent = Principal(
        str(AGENT), permissions=frozenset({"tickets.view", "tickets.create", "tickets.edit"})
    )
    return service.run(
        OpenTicket(fields, sent=frozenset({"title", "priority", "owner_id"})), caller=agent
    )


def _rows(service: Any, ticket_id: uuid.UUID) -> dict[str, Any]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(ticket_sla_targets).where(ticket_sla_targets.c.ticket_id == ticket_id)
        ).mappings()
        return {r["target"]: dict(r) for r in rows}


def _published(service: Any, kind: str) -> list[dict[str, Any]]:
    outbox = event_tables.outbox
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(outbox.c.body).where(outbox.c.type == kind).order_by(outbox.c.seq)
        )
        return [json.loads(body) for (body,) in rows]


def test_opening_a_ticket_writes_its_targets_in_the_same_transaction(service, urgent):
    ticket = _open(service)
    rows = _rows(service, ticket.id)
    assert set(rows) == {"first_response", "resolution"}
    assert rows["first_response"]["due_at"] == ticket.created_at + timedelta(minutes=10)


def test_a_staff_reply_meets_first_response(service, urgent):
    ticket = _open(service)
    service.run(AddComment(ticket.id, "On it"), caller=ADMIN)
    assert _rows(service, ticket.id)["first_response"]["met_at"] is not None


def test_waiting_for_the_customer_pauses_the_due_time(service, urgent):
    ticket = _open(service)
    change = ChangeTicket(ticket.id, TicketFields(), sent=frozenset(), status="Wait For Response")
    service.run(change, caller=ADMIN)
    assert _rows(service, ticket.id)["first_response"]["due_at"] is None


BREACHED = "support.ticket.sla_breached.v1"
WARNING = "support.ticket.sla_warning.v1"


def test_a_breach_is_announced_once_however_often_the_check_runs(service, urgent):
    ticket = _open(service)
    early = RunSlaCheck(now=ticket.created_at + timedelta(minutes=8), warning_minutes=5)
    assert service.run(early).warnings == 1
    late = RunSlaCheck(now=ticket.created_at + timedelta(minutes=11), warning_minutes=5)
    assert service.run(late).breaches == 1
    assert service.run(late).breaches == 0
    [breach] = _published(service, BREACHED)
    data = breach["data"]
    assert (data["ticket_id"], data["target"]) == (str(ticket.id), "first_response")
    assert (data["owner_id"], data["manager_id"]) == (str(AGENT), str(MANAGER))
    assert len(_published(service, WARNING)) == 1


def test_concurrent_checks_announce_each_breach_once(service, urgent):
    tickets = [_open(service) for _ in range(5)]
    late = RunSlaCheck(now=tickets[-1].created_at + timedelta(minutes=30), warning_minutes=0)
    errors: list[BaseException] = []

    def check() -> None:
        try:
            service.run(late)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [str(e) for e in errors] == []
    announced = sorted(e["data"]["ticket_id"] for e in _published(service, BREACHED))
    assert announced == sorted(str(t.id) for t in tickets)


def test_a_corrected_calendar_moves_the_due_times_of_open_tickets(service, urgent):
    ticket = _open(service)
    nights = {"monday": [{"start": "00:00", "end": "00:01"}]}
    service.run(
        ChangeCalendar(urgent.id, CalendarFields(hours=nights), sent=frozenset({"hours"})),
        caller=ADMIN,
    )
    result = service.run(RunSlaCheck(now=ticket.created_at + timedelta(minutes=11)))
    assert (result.recomputed, result.breaches) == (1, 0)
    assert _rows(service, ticket.id)["first_response"]["due_at"] > ticket.created_at + timedelta(
        days=6
    )
