"""Case 2: an auto-assigned lead that no rule matches goes to the fallback owner (the
creator by default; the administrators' ``fallback_owner_id``; for web-form leads, which have
no creator, the first administrator), never to nobody."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa

from crm.marketing.v1 import events_pb2 as marketing
from crm_access.model import PolicySnapshot
from crm_chassis.events.envelope import Envelope
from crm_sales.adapters.tables import event_tables
from crm_sales.events.incoming import LEAD_CAPTURED, handlers

API = "/api/sales/v1"


def _deliver(service: Any, payload: Any) -> None:
    envelope = Envelope.build(
        type=LEAD_CAPTURED, source="marketing", subject=payload.submission_id, data=payload
    )
    with service.db.transaction() as session:
        for handle in handlers(service)[LEAD_CAPTURED]:
            handle(session, Envelope.from_json(envelope.to_json()))


def _auto(client: Any, headers: dict, **fields: Any) -> Any:
    body = {"last_name": "Nobody", "auto_assign": True, **fields}
    return client.post(f"{API}/leads", headers=headers, json=body)


def _assignments(service: Any) -> list[dict]:
    outbox = event_tables.outbox
    with service.db.reading() as s:
        rows = s.execute(sa.select(outbox.c.body).where(outbox.c.type.like("%assigned%")))
        return [json.loads(r.body)["data"] for r in rows]


def test_no_rule_gives_the_lead_to_its_creator_who_then_sees_it(
    client: Any, user: Any, policy: Any, service: Any
) -> None:
    rep, manager = uuid.uuid4(), uuid.uuid4()
    policy({rep: "rep", manager: "manager"})
    created = _auto(client, user(rep), company="Unmatched Ltd")
    assert created.status_code == 201, created.get_json()
    lead = created.get_json()
    assert lead["owner_id"] == str(rep)
    for who in (rep, manager):  # the rep and the manager above him see it
        assert client.get(f"{API}/leads/{lead['id']}", headers=user(who)).status_code == 200
    [event] = _assignments(service)
    assert event["reason"] == "fallback" and event["owner_id"] == str(rep)


def test_the_administrators_fallback_owner_wins_over_the_creator(
    client: Any, admin: dict, user: Any, policy: Any
) -> None:
    rep, inbox_owner = uuid.uuid4(), uuid.uuid4()
    policy({rep: "rep", inbox_owner: "manager"})
    assert client.get(f"{API}/assignment-settings", headers=user(rep)).get_json() == {
        "fallback_owner_id": None
    }
    body = {"fallback_owner_id": str(inbox_owner)}
    assert client.put(f"{API}/assignment-settings", json=body, headers=user(rep)).status_code == 403
    unknown = client.put(
        f"{API}/assignment-settings", json={"fallback_owner_id": str(uuid.uuid4())}, headers=admin
    )
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.get_json()["errors"]] == ["fallback_owner_id"]
    saved = client.put(f"{API}/assignment-settings", json=body, headers=admin)
    assert saved.status_code == 200 and saved.get_json() == body
    assert _auto(client, user(rep)).get_json()["owner_id"] == str(inbox_owner)
    # a rule that matches still decides
    rule = {"name": "UK", "target": "owner", "owner_id": str(rep), "criteria": {"country": "GB"}}
    assert client.post(f"{API}/assignment-rules", json=rule, headers=admin).status_code == 201
    matched = _auto(client, user(rep), address={"country": "GB"}).get_json()
    assert matched["owner_id"] == str(rep)


def test_web_form_leads_go_to_the_fallback_else_the_first_administrator(
    client: Any, admin: dict, service: Any, me: uuid.UUID
) -> None:
    second_admin = uuid.uuid4()
    first = min(str(me), str(second_admin))
    service.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": 1,
                "users": [
                    {"id": str(me), "is_admin": True},
                    {"id": str(second_admin), "is_admin": True},
                ],
            }
        )
    )
    _deliver(service, marketing.LeadCaptured(submission_id="s1", last_name="Form"))
    [lead] = client.get(f"{API}/leads", headers=admin).get_json()["items"]
    assert lead["owner_id"] == first


def test_assign_without_a_rule_keeps_an_owner_or_gives_one(
    client: Any, admin: dict, lead: Any, me: uuid.UUID
) -> None:
    owned = lead()
    again = client.post(f"{API}/leads/{owned['id']}/assign", json={}, headers=admin)
    assert again.status_code == 200 and again.get_json()["owner_id"] == owned["owner_id"]


def test_imported_rows_without_an_owner_go_to_the_importer(
    client: Any, user: Any, policy: Any
) -> None:
    rep = uuid.uuid4()
    policy({rep: "rep"})
    csv = "last_name,company\nImported,Row Ltd\n"
    report = client.post(f"{API}/leads/imports", headers=user(rep), json={"csv": csv})
    assert report.status_code == 200, report.get_json()
    [lead_id] = report.get_json()["created_ids"]
    lead = client.get(f"{API}/leads/{lead_id}", headers=user(rep)).get_json()
    assert lead["owner_id"] == str(rep)
