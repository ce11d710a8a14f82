"""Campaign members over REST: add by id (checked as the caller), idempotent, statuses,
the summary, remove; nothing written on a refusal."""

from __future__ import annotations

import threading
import uuid

import sqlalchemy as sa

from crm_marketing.adapters.tables import event_tables

API = "/api/marketing/v1"
URL = f"{API}/campaigns"


def outbox_types(service) -> list[str]:
    outbox = event_tables.outbox
    with service.db.reading() as session:
        return list(session.execute(sa.select(outbox.c.type).order_by(outbox.c.seq)).scalars())


def _admin(token_factory):
    token = token_factory.admin(str(uuid.uuid4()))
    return token, {"Authorization": f"Bearer {token}"}


def _campaign(client, headers) -> str:
    return client.post(URL, json={"name": "Webinar"}, headers=headers).get_json()["id"]


def test_members_are_added_once_with_names_and_counted(client, token_factory, members):
    token, admin = _admin(token_factory)
    cid = _campaign(client, admin)
    lead = members.make("lead", "Lee Lead")
    contact = members.make("contact", "Cora Contact")
    body = {"members": [{"type": "lead", "id": str(lead)}, {"type": "contact", "id": str(contact)}]}
    added = client.post(f"{URL}/{cid}/members", json=body, headers=admin)
    assert added.status_code == 200, added.get_json()
    items = added.get_json()["items"]
    assert [(m["type"], m["display_name"]) for m in items] == [
        ("lead", "Lee Lead"),
        ("contact", "Cora Contact"),
    ]
    assert members.calls[-1] == (2, token)  # the caller's own token went to sales/contacts
    again = client.post(f"{URL}/{cid}/members", json=body, headers=admin)
    assert again.status_code == 200 and len(again.get_json()["items"]) == 2
    listed = client.get(f"{URL}/{cid}/members", headers=admin).get_json()["items"]
    assert len(listed) == 2
    patched = client.patch(
        f"{URL}/{cid}/members/lead/{lead}",
        json={"response_status": "Contacted - Successful"},
        headers=admin,
    )
    assert patched.status_code == 200
    summary = client.get(f"{URL}/{cid}/summary", headers=admin).get_json()
    assert (summary["total"], summary["leads"], summary["contacts"]) == (2, 1, 1)
    assert summary["contacted_rate"] == "0.5000" and summary["response_rate"] == "1.0000"
    by = {s["status"]: s["count"] for s in summary["by_status"]}
    assert by == {
        "Not Contacted": 1,
        "Contacted - Successful": 1,
        "Contacted - Unsuccessful": 0,
        "Contacted - Never Contact Again": 0,
    }
    assert client.delete(f"{URL}/{cid}/members/lead/{lead}", headers=admin).status_code == 204
    assert client.delete(f"{URL}/{cid}/members/lead/{lead}", headers=admin).status_code == 404
    assert client.get(f"{URL}/{cid}/summary", headers=admin).get_json()["total"] == 1


def test_ids_the_caller_cannot_see_are_422_naming_them_and_nothing_is_added(
    client, token_factory, members
):
    _, admin = _admin(token_factory)
    cid = _campaign(client, admin)
    seen = members.make("lead")
    hidden = members.make("contact", only={"someone else"})
    body = {
        "members": [
            {"type": "lead", "id": str(seen)},
            {"type": "contact", "id": str(hidden)},
            {"type": "lead", "id": str(uuid.uuid4())},
        ]
    }
    refused = client.post(f"{URL}/{cid}/members", json=body, headers=admin)
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert [e["field"] for e in errors] == ["members[1].id", "members[2].id"]
    # The same words for a hidden and an absent id: nothing tells them apart.
    assert errors[0]["message"].replace("contact", "lead") == errors[1]["message"]
    assert client.get(f"{URL}/{cid}/members", headers=admin).get_json()["items"] == []


def test_bad_member_input_is_4xx(client, token_factory, members):
    _, admin = _admin(token_factory)
    cid = _campaign(client, admin)
    lead = members.make("lead")
    url = f"{URL}/{cid}/members"
    assert client.post(url, json={"members": []}, headers=admin).status_code == 422
    bad_type = {"members": [{"type": "account", "id": str(lead)}]}
    assert client.post(url, json=bad_type, headers=admin).status_code == 422
    bad_status = {"members": [{"type": "lead", "id": str(lead)}], "response_status": "Maybe"}
    assert client.post(url, json=bad_status, headers=admin).status_code == 422
    client.post(url, json={"members": [{"type": "lead", "id": str(lead)}]}, headers=admin)
    patch = client.patch(f"{url}/lead/{lead}", json={"response_status": "Maybe"}, headers=admin)
    assert patch.status_code == 422
    assert (
        client.patch(
            f"{url}/lead/{uuid.uuid4()}", json={"response_status": "Not Contacted"}, headers=admin
        ).status_code
        == 404
    )
    missing = f"{URL}/{uuid.uuid4()}/members"
    assert (
        client.post(
            missing, json={"members": [{"type": "lead", "id": str(lead)}]}, headers=admin
        ).status_code
        == 404
    )


def test_a_service_down_is_503_and_nothing_is_added(client, token_factory, members):
    _, admin = _admin(token_factory)
    cid = _campaign(client, admin)
    members.down = True
    body = {"members": [{"type": "lead", "id": str(members.make("lead"))}]}
    assert client.post(f"{URL}/{cid}/members", json=body, headers=admin).status_code == 503
    assert client.get(f"{URL}/{cid}/summary", headers=admin).get_json()["total"] == 0


def test_concurrent_adds_make_no_twins(client, service, token_factory, members):
    _, admin = _admin(token_factory)
    cid = _campaign(client, admin)
    refs = [members.make("lead") for _ in range(5)]
    body = {"members": [{"type": "lead", "id": str(r)} for r in refs]}
    answers: list[int] = []

    def add() -> None:
        answers.append(client.post(f"{URL}/{cid}/members", json=body, headers=admin).status_code)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200] * 4
    assert client.get(f"{URL}/{cid}/summary", headers=admin).get_json()["total"] == 5
    added = [t for t in outbox_types(service) if t == "marketing.campaign.member_added.v1"]
    assert len(added) == 5
