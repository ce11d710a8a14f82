"""Record-level access on mailing lists, segments and templates (as on campaigns): each has
an owner (the caller by default, a checked user or group when named); under Private
sharing a peer gets 404 and does not see them listed, a manager sees subordinates'; a
mailing names only a template and audience its creator may see (422)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from crm_access import token_verifier
from crm_access.model import PolicySnapshot
from crm_marketing.adapters.audience_memory import MemoryPeople
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap

API = "/api/marketing/v1"
ALL = ["view", "create", "edit", "delete"]
HTML = "<p>Hello {{ contact.first_name }}</p>"
#: Each resource: its path and a valid body.
RESOURCES = {
    "mailing-lists": {"name": "Newsletter"},
    "segments": {"name": "VIPs", "filter": {"tags": ["vip"]}},
    "templates": {"name": "Spring", "subject": "Spring", "html": HTML},
}


def snapshot(
    users: dict[UUID, str], *, sharing: str = "private", version: int = 1
) -> PolicySnapshot:
    """Users by role ("manager" over "rep"), one marketing profile, campaigns' sharing."""
    return PolicySnapshot.from_dict(
        {
            "version": version,
            "users": [
                {"id": str(u), "role_id": r, "active": True, "is_admin": False}
                for u, r in users.items()
            ],
            "roles": [
                {"id": "manager", "name": "Marketing Manager", "profile_ids": ["mkt"]},
                {"id": "rep", "name": "Rep", "parent_id": "manager", "profile_ids": ["mkt"]},
            ],
            "profiles": [
                {
                    "id": "mkt",
                    "name": "Marketing",
                    "modules": {"campaigns": ALL, "contacts": ["view"], "leads": ["view"]},
                    "fields": {},
                }
            ],
            "groups": [],
            "sharing_defaults": {"campaigns": sharing},
        }
    )


@pytest.fixture
def service(settings: Any) -> Iterator[Marketing]:
    app = bootstrap(settings, people=MemoryPeople())
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Marketing, settings: Any) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


@pytest.fixture
def org(service: Marketing, token_factory: Any) -> Any:
    """A rep, a peer and their manager under Private sharing; ``org.h(user)`` their headers."""

    class Org:
        rep, peer, boss = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

        @staticmethod
        def h(user: UUID) -> dict[str, str]:
            perms = [f"campaigns.{a}" for a in ALL] + ["contacts.view", "leads.view"]
            return {"Authorization": f"Bearer {token_factory.issue(str(user), perms=perms)}"}

    service.access.store.save(snapshot({Org.rep: "rep", Org.peer: "rep", Org.boss: "manager"}))
    return Org


def _made(client: Any, path: str, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    answer = client.post(f"{API}/{path}", json={**RESOURCES[path], **extra}, headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _ids(client: Any, path: str, headers: dict[str, str]) -> set[str]:
    answer = client.get(f"{API}/{path}", headers=headers)
    assert answer.status_code == 200
    return {i["id"] for i in answer.get_json()["items"]}


@pytest.mark.parametrize("path", sorted(RESOURCES))
def test_a_peer_gets_404_and_a_manager_sees_a_subordinates_record(client, org, path):
    made = _made(client, path, org.h(org.rep))
    assert made["owner_id"] == str(org.rep)
    url = f"{API}/{path}/{made['id']}"
    assert client.get(url, headers=org.h(org.peer)).status_code == 404
    if_match = {"If-Match": '"1"'}
    patched = client.patch(url, json={"name": "Mine now"}, headers={**org.h(org.peer), **if_match})
    assert patched.status_code == 404
    assert client.delete(url, headers=org.h(org.peer)).status_code == 404
    assert made["id"] not in _ids(client, path, org.h(org.peer))
    # Nothing changed for the owner, and the manager above the rep sees it.
    assert client.get(url, headers=org.h(org.rep)).get_json()["name"] == made["name"]
    assert client.get(url, headers=org.h(org.boss)).status_code == 200
    assert made["id"] in _ids(client, path, org.h(org.boss))
    assert made["id"] in _ids(client, path, org.h(org.rep))


@pytest.mark.parametrize("path", sorted(RESOURCES))
def test_the_owner_is_checked_when_named_and_may_be_handed_on(client, org, path):
    bad = client.post(
        f"{API}/{path}",
        json={**RESOURCES[path], "owner_id": str(uuid.uuid4())},
        headers=org.h(org.rep),
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.get_json()["errors"]] == ["owner_id"]
    made = _made(client, path, org.h(org.rep))
    url = f"{API}/{path}/{made['id']}"
    nulled = client.patch(url, json={"owner_id": None}, headers=org.h(org.rep))
    assert nulled.status_code == 422
    handed = client.patch(url, json={"owner_id": str(org.peer)}, headers=org.h(org.rep))
    assert handed.status_code == 200 and handed.get_json()["owner_id"] == str(org.peer)
    # Now the peer's: the rep no longer sees it, the peer does.
    assert client.get(url, headers=org.h(org.rep)).status_code == 404
    assert client.get(url, headers=org.h(org.peer)).status_code == 200


def test_a_peers_list_is_hidden_from_members_and_previews(client, org):
    made = _made(client, "mailing-lists", org.h(org.rep))
    base = f"{API}/mailing-lists/{made['id']}"
    body = {"contact_ids": [str(uuid.uuid4())]}
    assert client.post(f"{base}/members", json=body, headers=org.h(org.peer)).status_code == 404
    assert client.get(f"{base}/members", headers=org.h(org.peer)).status_code == 404
    assert client.get(f"{base}/preview", headers=org.h(org.peer)).status_code == 404
    assert client.get(f"{base}/preview", headers=org.h(org.rep)).status_code == 200
    segment = _made(client, "segments", org.h(org.rep))
    preview = f"{API}/segments/{segment['id']}/preview"
    assert client.get(preview, headers=org.h(org.peer)).status_code == 404
    template = _made(client, "templates", org.h(org.rep))
    rendered = client.post(
        f"{API}/templates/{template['id']}/preview",
        json={"contact_id": str(uuid.uuid4())},
        headers=org.h(org.peer),
    )
    assert rendered.status_code == 404


def test_a_read_only_sharing_lets_a_peer_see_but_not_change(client, service, org):
    service.access.store.save(
        snapshot(
            {org.rep: "rep", org.peer: "rep", org.boss: "manager"}, sharing="public_read", version=2
        )
    )
    made = _made(client, "mailing-lists", org.h(org.rep))
    url = f"{API}/mailing-lists/{made['id']}"
    assert client.get(url, headers=org.h(org.peer)).status_code == 200
    assert client.patch(url, json={"name": "x"}, headers=org.h(org.peer)).status_code == 403
    assert client.delete(url, headers=org.h(org.peer)).status_code == 403
    assert client.get(url, headers=org.h(org.rep)).get_json()["name"] == "Newsletter"


def test_a_mailing_names_only_a_template_and_audience_its_creator_may_see(client, org):
    template = _made(client, "templates", org.h(org.rep))
    listed = _made(client, "mailing-lists", org.h(org.rep))
    segment = _made(client, "segments", org.h(org.rep))
    body = {
        "name": "Spring",
        "template_id": template["id"],
        "audience_kind": "list",
        "audience_id": listed["id"],
        "from_address": "news@example.org",
    }
    refused = client.post(f"{API}/mailings", json=body, headers=org.h(org.peer))
    assert refused.status_code == 422, refused.get_json()
    assert sorted(e["field"] for e in refused.get_json()["errors"]) == [
        "audience_id",
        "template_id",
    ]
    unknown = {**body, "audience_kind": "segment", "audience_id": listed["id"]}
    wrong_kind = client.post(f"{API}/mailings", json=unknown, headers=org.h(org.rep))
    assert wrong_kind.status_code == 422
    assert [e["field"] for e in wrong_kind.get_json()["errors"]] == ["audience_id"]
    assert client.get(f"{API}/mailings", headers=org.h(org.rep)).get_json()["items"] == []

    made = client.post(f"{API}/mailings", json=body, headers=org.h(org.rep))
    assert made.status_code == 201, made.get_json()
    url = f"{API}/mailings/{made.get_json()['id']}"
    mine = _made(client, "templates", org.h(org.peer))
    theirs = client.patch(url, json={"template_id": mine["id"]}, headers=org.h(org.rep))
    assert theirs.status_code == 422
    switched = {"audience_kind": "segment", "audience_id": segment["id"]}
    assert client.patch(url, json=switched, headers=org.h(org.rep)).status_code == 200
