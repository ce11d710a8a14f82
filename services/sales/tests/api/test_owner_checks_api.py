"""Issue 12 case 8: ``owner_id`` must be an active internal user (or a group) everywhere,
through crm_access's one rule; a random id, a deactivated user and a portal user are 422
naming the field, and nothing is written."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest

from crm_access.model import UserFacts

API = "/api/sales/v1"
MESSAGE = "is not an active internal user or group"


@pytest.fixture
def people(policy: Any, service: Any) -> dict[str, uuid.UUID]:
    ids = {name: uuid.uuid4() for name in ("rep", "gone", "portal", "group")}
    snap = policy(
        {ids["rep"]: "rep", ids["gone"]: "rep"},
        inactive=(ids["gone"],),
        groups={ids["group"]: [ids["rep"]]},
    )
    portal = UserFacts(str(ids["portal"]), kind="portal")
    newer = dataclasses.replace(snap, version=snap.version + 1, users=(*snap.users, portal))
    service.access.store.save(newer)
    return ids


BAD = ["random", "gone", "portal"]


def _bad(people: dict[str, uuid.UUID], which: str) -> str:
    return str(uuid.uuid4()) if which == "random" else str(people[which])


def _refused(resp: Any, field: str = "owner_id") -> None:
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["errors"] == [{"field": field, "message": MESSAGE}]


@pytest.mark.parametrize("which", BAD)
def test_lead_create_patch_and_assign_refuse_a_bad_owner(
    client: Any, admin: dict, lead: Any, people: dict, which: str
) -> None:
    owner = _bad(people, which)
    before = client.get(f"{API}/leads", headers=admin).get_json()
    _refused(client.post(f"{API}/leads", json={"last_name": "X", "owner_id": owner}, headers=admin))
    assert client.get(f"{API}/leads", headers=admin).get_json() == before  # nothing written
    made = lead()
    url = f"{API}/leads/{made['id']}"
    _refused(client.patch(url, json={"owner_id": owner}, headers=admin))
    _refused(client.post(f"{url}/assign", json={"owner_id": owner}, headers=admin))
    assert client.get(url, headers=admin).get_json()["owner_id"] == made["owner_id"]


@pytest.mark.parametrize("which", BAD)
def test_other_records_and_settings_refuse_a_bad_owner(
    client: Any, admin: dict, people: dict, which: str
) -> None:
    owner = _bad(people, which)
    body = {"name": "Deal", "owner_id": owner}
    _refused(client.post(f"{API}/opportunities", json=body, headers=admin))
    rule = {"name": "R", "target": "owner", "owner_id": owner, "criteria": {"country": "GB"}}
    _refused(client.post(f"{API}/assignment-rules", json=rule, headers=admin))
    setting = {"fallback_owner_id": owner}
    _refused(
        client.put(f"{API}/assignment-settings", json=setting, headers=admin), "fallback_owner_id"
    )


@pytest.mark.parametrize("which", ["rep", "group"])
def test_active_internal_users_and_groups_may_own_leads(
    client: Any, admin: dict, people: dict, which: str
) -> None:
    body = {"last_name": "X", "owner_id": str(people[which])}
    created = client.post(f"{API}/leads", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["owner_id"] == str(people[which])
