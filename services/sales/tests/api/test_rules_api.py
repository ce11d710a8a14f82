"""Scoring and assignment rules over REST, applied at capture; admins only."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa

from crm_sales.adapters.tables import event_tables

API = "/api/sales/v1"


def test_scoring_rules_score_new_and_changed_leads(
    client: Any, admin: dict, lead: Any, user: Any
) -> None:
    for rule in (
        {"field": "industry", "operator": "equals", "value": "Technology", "points": 20},
        {"field": "annual_revenue", "operator": "greater_than", "value": "1000000", "points": 10},
        {"field": "email", "operator": "domain_in", "value": "gmail.com", "points": -50},
    ):
        assert client.post(f"{API}/scoring-rules", headers=admin, json=rule).status_code == 201
    assert (
        client.post(
            f"{API}/scoring-rules",
            headers=user(uuid.uuid4()),
            json={"field": "industry", "operator": "equals", "value": "x", "points": 1},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"{API}/scoring-rules",
            headers=admin,
            json={"field": "mood", "operator": "equals", "value": "x", "points": 1},
        ).status_code
        == 422
    )
    hot = lead(industry="Technology", annual_revenue={"amount": "2000000", "currency": "EUR"})
    assert hot["score"] == 30
    cold = lead(last_name="Free", email="someone@gmail.com")
    assert cold["score"] == -50
    changed = client.patch(
        f"{API}/leads/{cold['id']}",
        headers=admin,
        json={"email": "someone@corp.example", "industry": "Technology"},
    )
    assert changed.get_json()["score"] == 20
    best = client.get(f"{API}/leads?sort=-score&limit=1", headers=admin).get_json()["items"]
    assert best[0]["id"] == hot["id"]
    assert len(client.get(f"{API}/scoring-rules", headers=admin).get_json()["items"]) == 3


def _add_territory_and_round_robin(
    client: Any, admin: dict, uk_owner: uuid.UUID, group: uuid.UUID
) -> None:
    assert (
        client.post(
            f"{API}/assignment-rules",
            headers=admin,
            json={
                "name": "UK",
                "priority": 1,
                "target": "owner",
                "owner_id": str(uk_owner),
                "criteria": {"country": "GB"},
            },
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{API}/assignment-rules",
            headers=admin,
            json={
                "name": "Everyone else",
                "priority": 2,
                "target": "round_robin",
                "group_id": str(group),
            },
        ).status_code
        == 201
    )


def _assigned_events(service: Any) -> list[dict]:
    with service.db.reading() as session:
        return [
            json.loads(r.body)
            for r in session.execute(
                sa.select(event_tables.outbox.c.body).where(
                    event_tables.outbox.c.type == "sales.lead.assigned.v1"
                )
            )
        ]


def test_territory_then_round_robin_skipping_inactive_users_with_events(
    client: Any, admin: dict, policy: Any, service: Any
) -> None:
    uk_owner, a, b, c = (uuid.uuid4() for _ in range(4))
    group = uuid.uuid4()
    policy(
        {uk_owner: "rep", a: "rep", b: "rep", c: "rep"}, groups={group: [a, b, c]}, inactive=(b,)
    )
    _add_territory_and_round_robin(client, admin, uk_owner, group)
    bad = client.post(
        f"{API}/assignment-rules", headers=admin, json={"name": "x", "target": "round_robin"}
    )
    assert bad.status_code == 422

    def capture(**fields: Any) -> dict:
        resp = client.post(
            f"{API}/leads", headers=admin, json={"last_name": "L", "auto_assign": True, **fields}
        )
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    assert capture(address={"country": "GB"})["owner_id"] == str(uk_owner)
    owners = [capture(company=f"C{i}")["owner_id"] for i in range(4)]
    active = sorted([str(a), str(c)])
    assert owners == [active[0], active[1], active[0], active[1]]
    bodies = _assigned_events(service)
    assert len(bodies) == 5
    reassigned = client.post(
        f"{API}/leads/{capture(company='M')['id']}/assign",
        headers=admin,
        json={"owner_id": str(uk_owner)},
    )
    assert reassigned.status_code == 200 and reassigned.get_json()["owner_id"] == str(uk_owner)
