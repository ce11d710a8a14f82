"""Opportunities over REST: stages and probabilities, history, won/lost events, delete."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from crm_sales.adapters.tables import event_tables

API = "/api/sales/v1"


def test_stage_changes_set_the_default_probability_and_are_recorded(
    client: Any, admin: dict, service: Any
) -> None:
    resp = client.post(
        f"{API}/opportunities",
        headers=admin,
        json={
            "name": "Big deal",
            "amount": {"amount": "1000.00", "currency": "EUR"},
            "expected_close_date": "2026-12-31",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    opp = resp.get_json()
    assert (opp["sales_stage"], opp["probability"]) == ("Prospecting", 10)
    moved = client.patch(
        f"{API}/opportunities/{opp['id']}",
        headers=admin,
        json={"sales_stage": "Proposal/Price Quote"},
    ).get_json()
    assert moved["probability"] == 65
    custom = client.patch(
        f"{API}/opportunities/{opp['id']}", headers=admin, json={"probability": 70}
    ).get_json()
    assert custom["probability"] == 70 and custom["sales_stage"] == "Proposal/Price Quote"
    lost = client.patch(
        f"{API}/opportunities/{opp['id']}",
        headers=admin,
        json={"sales_stage": "Closed Lost", "lost_reason": "Price"},
    )
    assert lost.get_json()["probability"] == 0 and lost.get_json()["closed_at"]
    history = client.get(
        f"{API}/opportunities/{opp['id']}/stage-history", headers=admin
    ).get_json()["items"]
    assert [h["to_stage"] for h in history] == [
        "Prospecting",
        "Proposal/Price Quote",
        "Closed Lost",
    ]
    with service.db.reading() as session:
        types = [r.type for r in session.execute(sa.select(event_tables.outbox.c.type))]
    assert types.count("sales.opportunity.stage_changed.v1") == 2
    assert types.count("sales.opportunity.lost.v1") == 1
    bad = client.patch(
        f"{API}/opportunities/{opp['id']}", headers=admin, json={"sales_stage": "Dreaming"}
    )
    assert bad.status_code == 422


def test_deleting_honours_if_match_and_then_answers_404(client: Any, admin: dict) -> None:
    opp = client.post(f"{API}/opportunities", headers=admin, json={"name": "D"}).get_json()
    stale = client.delete(f"{API}/opportunities/{opp['id']}", headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412
    assert client.delete(f"{API}/opportunities/{opp['id']}", headers=admin).status_code == 204
    assert client.get(f"{API}/opportunities/{opp['id']}", headers=admin).status_code == 404


def test_deleting_a_lead_removes_it_and_its_history(client: Any, admin: dict, lead: Any) -> None:
    created = lead(tags=["a"])
    assert client.delete(f"{API}/leads/{created['id']}", headers=admin).status_code == 204
    assert client.get(f"{API}/leads/{created['id']}", headers=admin).status_code == 404
