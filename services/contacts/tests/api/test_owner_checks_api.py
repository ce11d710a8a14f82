"""Issue 12 case 8: ``owner_id`` must be an active internal user (or a group) everywhere,
through crm_access's one rule. The owner directory (identity's user events) does not know a
portal user from a staff user; the policy snapshot does, and its word is final."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_access.model import Group, PolicySnapshot, UserFacts

API = "/api/contacts/v1"
MESSAGE = "is not an active internal user or group"


@pytest.fixture
def people(service: Any, owner: Any, add_owner: Any) -> dict[str, str]:
    gone, portal, fresh = add_owner().id, add_owner().id, add_owner().id  # all active here
    group = uuid.uuid4()
    service.access.store.save(
        PolicySnapshot(
            version=1,
            users=(
                UserFacts(str(owner.id), is_admin=True),
                UserFacts(str(gone), active=False),
                UserFacts(str(portal), kind="portal"),
            ),
            groups=(Group(str(group), "Team"),),
        )
    )
    return {"gone": str(gone), "portal": str(portal), "fresh": str(fresh), "group": str(group)}


def _refused(resp: Any) -> None:
    assert resp.status_code == 422, resp.get_json()
    assert [e["field"] for e in resp.get_json()["errors"]] == ["owner_id"]


@pytest.mark.parametrize("which", ["random", "gone", "portal"])
def test_accounts_contacts_and_tasks_refuse_a_bad_owner(
    client: Any, admin_headers: dict, create_account: Any, people: dict, which: str
) -> None:
    owner = str(uuid.uuid4()) if which == "random" else people[which]
    if which != "random":
        assert client.post(  # the snapshot's own message
            f"{API}/accounts", json={"name": "X", "owner_id": owner}, headers=admin_headers
        ).get_json()["errors"] == [{"field": "owner_id", "message": MESSAGE}]
    for path, body in (
        ("accounts", {"name": "X"}),
        ("contacts", {"last_name": "X"}),
        ("tasks", {"title": "X"}),
    ):
        _refused(
            client.post(f"{API}/{path}", json={**body, "owner_id": owner}, headers=admin_headers)
        )
    account = create_account()
    url = f"{API}/accounts/{account['id']}"
    _refused(client.patch(url, json={"owner_id": owner}, headers=admin_headers))
    assert client.get(url, headers=admin_headers).get_json()["owner_id"] == account["owner_id"]


@pytest.mark.parametrize("which", ["fresh", "group"])
def test_groups_and_users_newer_than_the_policy_copy_may_own(
    client: Any, admin_headers: dict, people: dict, which: str
) -> None:
    body = {"name": "X", "owner_id": people[which]}
    created = client.post(f"{API}/accounts", json=body, headers=admin_headers)
    assert created.status_code == 201, created.get_json()
