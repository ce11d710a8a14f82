"""A lead is built before its write transaction and checked for duplicates again inside it."""

from __future__ import annotations

import json
import uuid
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from crm_sales.adapters.tables import event_tables, leads
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.service.intake import Intake

API = "/api/sales/v1"
BODY = {"first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Ltd"}


def _created_events(service: Any) -> dict[str, dict[str, Any]]:
    """The data of every sales.lead.created.v1 in the outbox, by lead id."""
    outbox = event_tables.outbox
    with service.db.reading() as session:
        bodies = session.execute(
            sa.select(outbox.c.body).where(outbox.c.type == "sales.lead.created.v1")
        ).scalars()
        return {doc["subject"]: doc["data"] for doc in map(json.loads, bodies)}


def _lead_count(service: Any) -> int:
    with service.db.reading() as session:
        return session.execute(sa.select(sa.func.count()).select_from(leads)).scalar_one()


@pytest.fixture
def twin_in_between(service: Any, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    """Once: a lead with the same name and company commits after the new lead was built
    (between its read and its write transaction)."""
    made: list[UUID] = []
    prepare = service.uow.prepare_events

    def prepare_then_twin(aggregate: Any) -> list[Any]:
        ready = prepare(aggregate)
        if not made:
            with service.uow() as tx:
                intake = Intake(tx, service.access, by="someone", origin="api")
                made.append(intake.capture(LeadFields(**BODY), owner_id=uuid.uuid4()).id)
                intake.save()
        return ready

    monkeypatch.setattr(service.uow, "prepare_events", prepare_then_twin)
    return made


def test_a_twin_committed_meanwhile_makes_the_lead_its_duplicate(
    service: Any, client: Any, admin: dict, twin_in_between: list[str]
) -> None:
    resp = client.post(f"{API}/leads", json=BODY, headers=admin)
    assert resp.status_code == 201, resp.get_json()
    lead = resp.get_json()
    [twin_id] = twin_in_between
    twin = str(twin_id)
    assert lead["possible_duplicate"] is True and lead["duplicate_of"] == twin
    events = _created_events(service)
    # One event per lead; the one built before the twin existed was never written.
    assert set(events) == {twin, lead["id"]} and _lead_count(service) == 2
    assert events[lead["id"]]["possible_duplicate"] is True
    assert "possible_duplicate" not in events[twin]


def test_a_lead_built_ahead_is_written_once_with_its_event(
    service: Any, client: Any, admin: dict
) -> None:
    first = client.post(f"{API}/leads", json=BODY, headers=admin).get_json()
    second = client.post(
        f"{API}/leads", json={**BODY, "tags": ["Expo", "expo", "vip"]}, headers=admin
    ).get_json()
    assert second["duplicate_of"] == first["id"] and not first["possible_duplicate"]
    events = _created_events(service)
    assert set(events) == {first["id"], second["id"]}
    assert events[second["id"]]["possible_duplicate"] is True
    assert events[second["id"]]["last_name"] == "Lovelace"
    history = client.get(f"{API}/leads/{second['id']}/history", headers=admin).get_json()
    assert [h["to_status"] for h in history["items"]] == [second["lead_status"]]
    got = client.get(f"{API}/leads/{second['id']}", headers=admin).get_json()
    assert sorted(got["tags"]) == ["Expo", "vip"]
