"""Identity's user events reach contacts' owner directory, through outages and crashes."""

from __future__ import annotations

import uuid

import pytest
import requests

from crm_chassis.testing import broker


def _create_user(gw: str, admin: dict[str, str], tag: str) -> dict:
    resp = requests.post(
        f"{gw}/api/identity/v1/users",
        json={
            "email": f"{tag}-{uuid.uuid4().hex[:8]}@e2e.test",
            "display_name": f"User {tag}",
            "password": "a-long-enough-password",
            "roles": ["user"],
        },
        headers=admin,
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def _owner_ids(gw: str, admin: dict[str, str]) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        params = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        resp = requests.get(
            f"{gw}/api/contacts/v1/owners", params=params, headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        body = resp.json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return ids


def test_a_user_created_in_identity_shows_up_in_contacts(gw, admin, eventually):
    user = _create_user(gw, admin, "flow")
    eventually(lambda: user["id"] in _owner_ids(gw, admin))
    account = requests.post(
        f"{gw}/api/contacts/v1/accounts",
        json={"name": "Owned Co", "owner_id": user["id"]},
        headers=admin,
        timeout=10,
    )
    assert account.status_code == 201, account.text
    assert account.json()["owner_id"] == user["id"]


def test_a_consumer_killed_mid_flow_loses_and_doubles_nothing(suite, gw, admin, eventually):
    suite.stop_process("contacts-worker", kill=True)
    users = [_create_user(gw, admin, f"killed{i}") for i in range(5)]
    suite.start_process("contacts-worker")
    eventually(lambda: {u["id"] for u in users} <= set(_owner_ids(gw, admin)), timeout=30)
    ids = _owner_ids(gw, admin)
    assert len(ids) == len(set(ids))


@pytest.mark.broker_restart
def test_events_written_while_the_broker_is_down_are_all_delivered_once(
    suite, gw, admin, eventually
):
    before = set(_owner_ids(gw, admin))
    broker.stop_broker()
    try:
        users = [_create_user(gw, admin, f"outage{i}") for i in range(5)]
    finally:
        broker.start_broker(suite.amqp_url)
    eventually(lambda: {u["id"] for u in users} <= set(_owner_ids(gw, admin)), timeout=60)
    ids = _owner_ids(gw, admin)
    assert len(ids) == len(set(ids))
    assert set(ids) - before == {u["id"] for u in users}


def test_the_first_admin_created_before_any_worker_ran_reaches_contacts(gw, admin, eventually):
    # Created by identity's migrate step, published when identity's worker first starts:
    # contacts' queue must already be bound by then (its migrate step declares it).
    me = requests.get(f"{gw}/api/identity/v1/me", headers=admin, timeout=10)
    assert me.status_code == 200, me.text
    eventually(lambda: me.json()["id"] in _owner_ids(gw, admin))
