"""Lead conversion over REST: ids at once, account matching, mapping, 409s, the event."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import sqlalchemy as sa

from crm.sales.v1 import events_pb2 as ev
from crm_sales.adapters.tables import event_tables, leads, opportunities

API = "/api/sales/v1"


def _outbox(service: Any, type_: str) -> list[dict[str, Any]]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(event_tables.outbox.c.body).where(event_tables.outbox.c.type == type_)
        ).all()
    return [json.loads(r.body) for r in rows]


def _payload(envelope: dict[str, Any], message: Any) -> Any:
    from crm_chassis.events.envelope import Envelope

    return Envelope.from_json(json.dumps(envelope)).parse(message)


def test_converting_answers_all_ids_at_once_and_emits_the_event(
    client: Any, admin: dict, lead: Any, service: Any
) -> None:
    created = lead(
        email="ada@analytical.example",
        website="https://www.analytical.example",
        phone="+44 20 1234",
        address={"city": "London", "country": "GB"},
        lead_source="Trade Show",
        industry="Technology",
    )
    resp = client.post(
        f"{API}/leads/{created['id']}/convert",
        headers=admin,
        json={"opportunity": {"amount": "5000.00", "currency": "EUR"}},
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["existing_account"] is False
    for key in ("opportunity_id", "account_id", "contact_id"):
        uuid.UUID(body[key])
    converted = client.get(f"{API}/leads/{created['id']}", headers=admin).get_json()
    assert converted["converted"] is True
    assert converted["opportunity_id"] == body["opportunity_id"]
    assert converted["account_id"] == body["account_id"]
    opp = client.get(f"{API}/opportunities/{body['opportunity_id']}", headers=admin).get_json()
    assert opp["account_id"] == body["account_id"] and opp["lead_id"] == created["id"]
    assert opp["amount"] == {"amount": "5000.00", "currency": "EUR"}
    [envelope] = _outbox(service, "sales.lead.converted.v1")
    msg = _payload(envelope, ev.LeadConverted)
    assert msg.account_id == body["account_id"] and msg.contact_id == body["contact_id"]
    assert msg.existing_account_id == ""
    assert msg.account.name == "Analytical Ltd" and msg.account.industry == "Technology"
    assert msg.account.billing_address.city == "London"
    assert msg.contact.last_name == "Lovelace" and msg.contact.email == "ada@analytical.example"
    assert msg.contact.mailing_address.country == "GB"
    assert msg.contact.lead_source == "Trade Show"


def test_an_existing_account_with_the_same_name_or_domain_is_reused(
    client: Any, admin: dict, lead: Any, directory: Any
) -> None:
    by_name = directory.add("Analytical Ltd")
    by_domain = directory.add("Engines plc", website="engines.example")
    first = client.post(f"{API}/leads/{lead()['id']}/convert", headers=admin, json={})
    assert first.get_json()["account_id"] == str(by_name)
    assert first.get_json()["existing_account"] is True
    other = lead(last_name="Babbage", company="Difference Co", email="c@engines.example")
    second = client.post(f"{API}/leads/{other['id']}/convert", headers=admin, json={})
    assert second.get_json()["account_id"] == str(by_domain)
    forced = lead(last_name="New", company="Analytical Ltd", email="n@x.example")
    third = client.post(
        f"{API}/leads/{forced['id']}/convert", headers=admin, json={"create_new_account": True}
    ).get_json()
    assert third["account_id"] != str(by_name) and third["existing_account"] is False


def test_a_named_account_must_exist(
    client: Any, admin: dict, lead: Any, directory: Any, service: Any
) -> None:
    created = lead()
    resp = client.post(
        f"{API}/leads/{created['id']}/convert",
        headers=admin,
        json={"account_id": str(uuid.uuid4())},
    )
    assert resp.status_code == 422
    assert resp.get_json()["errors"][0]["field"] == "account_id"
    assert (
        client.get(f"{API}/leads/{created['id']}", headers=admin).get_json()["converted"] is False
    )
    assert _outbox(service, "sales.lead.converted.v1") == []
    known = directory.add("Somebody")
    ok = client.post(
        f"{API}/leads/{created['id']}/convert", headers=admin, json={"account_id": str(known)}
    )
    assert ok.status_code == 201 and ok.get_json()["account_id"] == str(known)


def test_converting_a_converted_lead_is_a_conflict_and_it_stays_read_only(
    client: Any, admin: dict, lead: Any, service: Any
) -> None:
    created = lead()
    assert (
        client.post(f"{API}/leads/{created['id']}/convert", headers=admin, json={}).status_code
        == 201
    )
    again = client.post(f"{API}/leads/{created['id']}/convert", headers=admin, json={})
    assert again.status_code == 409
    assert again.content_type.startswith("application/problem+json")
    patch = client.patch(f"{API}/leads/{created['id']}", headers=admin, json={"lead_status": "Hot"})
    assert patch.status_code == 409
    assert client.delete(f"{API}/leads/{created['id']}", headers=admin).status_code == 409
    assert len(_outbox(service, "sales.lead.converted.v1")) == 1


def test_two_simultaneous_conversions_yield_one_conversion_and_one_conflict(
    client: Any, admin: dict, lead: Any, service: Any
) -> None:
    created = lead()
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def convert() -> None:
        barrier.wait()
        resp = client.post(f"{API}/leads/{created['id']}/convert", headers=admin, json={})
        statuses.append(resp.status_code)

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    with service.db.reading() as session:
        assert (
            session.execute(sa.select(sa.func.count()).select_from(opportunities)).scalar_one() == 1
        )
        assert session.execute(sa.select(leads.c.converted)).scalar_one() is True
    assert len(_outbox(service, "sales.lead.converted.v1")) == 1


def test_the_conversion_mapping_can_be_replaced_by_an_admin_only(
    client: Any, admin: dict, lead: Any, service: Any, user: Any, directory: Any
) -> None:
    default = client.get(f"{API}/conversion-mapping", headers=admin).get_json()["rows"]
    assert {
        "lead_field": "company",
        "account_field": "name",
        "contact_field": None,
        "opportunity_field": "name",
    } in default
    rows = [*default, {"lead_field": "product_interest", "contact_field": "department"}]
    denied = client.put(
        f"{API}/conversion-mapping", headers=user(uuid.uuid4()), json={"rows": rows}
    )
    assert denied.status_code == 403
    bad = client.put(
        f"{API}/conversion-mapping",
        headers=admin,
        json={"rows": [{"lead_field": "shoe_size", "account_field": "x"}]},
    )
    assert bad.status_code == 422
    assert (
        client.put(f"{API}/conversion-mapping", headers=admin, json={"rows": rows}).status_code
        == 200
    )
    created = lead(product_interest="Engines")
    client.post(f"{API}/leads/{created['id']}/convert", headers=admin, json={})
    # Case 3: the row reaches the contact (contacts' ConvertLead gets it) ...
    [(_, request)] = [c for c in directory.calls if c[0] == "convert"]
    assert request.contact["department"] == "Engines"
    [envelope] = _outbox(service, "sales.lead.converted.v1")
    assert dict(_payload(envelope, ev.LeadConverted).contact.extra) == {"department": "Engines"}


def test_a_mapping_row_whose_target_cannot_be_written_is_refused_when_saved(
    client: Any, admin: dict
) -> None:
    """Case 3: an unknown, read-only or wrongly typed target is a 422 naming the row; the
    mapping in force does not change."""
    before = client.get(f"{API}/conversion-mapping", headers=admin).get_json()["rows"]
    rows = [
        {"lead_field": "company", "account_field": "name"},
        {"lead_field": "product_interest", "contact_field": "interest"},
        {"lead_field": "email", "account_field": "owner_id"},
        {"lead_field": "first_name", "account_field": "employees"},
        {"lead_field": "address", "contact_field": "department"},
        {"lead_field": "annual_revenue", "opportunity_field": "next_step"},
    ]
    resp = client.put(f"{API}/conversion-mapping", headers=admin, json={"rows": rows})
    assert resp.status_code == 422
    assert resp.content_type.startswith("application/problem+json")
    fields = {e["field"] for e in resp.get_json()["errors"]}
    assert fields == {
        "rows.1.contact_field",
        "rows.2.account_field",
        "rows.3.account_field",
        "rows.4.contact_field",
        "rows.5.opportunity_field",
    }
    assert client.get(f"{API}/conversion-mapping", headers=admin).get_json()["rows"] == before


def test_the_answer_says_whether_the_contact_existed_and_a_duplicate_lead_uses_it(
    client: Any, admin: dict, lead: Any, directory: Any
) -> None:
    """Case 7: a lead flagged as a duplicate of a converted lead converts onto its contact."""
    first = lead(email="ada@analytical.example")
    done = client.post(f"{API}/leads/{first['id']}/convert", headers=admin, json={}).get_json()
    assert done["existing_contact"] is False
    twin = lead(email="ada@analytical.example")
    assert twin["possible_duplicate"] is True
    again = client.post(f"{API}/leads/{twin['id']}/convert", headers=admin, json={})
    assert again.status_code == 201, again.get_json()
    body = again.get_json()
    assert body["contact_id"] == done["contact_id"] and body["existing_contact"] is True
    forced = lead(last_name="Other", email="o@analytical.example")
    picked = client.post(
        f"{API}/leads/{forced['id']}/convert",
        headers=admin,
        json={"contact_id": done["contact_id"], "create_new_account": True},
    ).get_json()
    [*_, (_, request)] = directory.calls
    assert request.contact_id == uuid.UUID(done["contact_id"]) and request.create_new_account
    assert picked["contact_id"] == done["contact_id"]


def test_contacts_unreachable_is_503_and_nothing_is_converted(
    client: Any, admin: dict, lead: Any, directory: Any, service: Any
) -> None:
    from crm_chassis.errors import Unavailable

    def down(*_: Any, **__: Any) -> None:
        raise Unavailable("contacts is not answering")

    directory.convert_lead = down
    created = lead()
    resp = client.post(f"{API}/leads/{created['id']}/convert", headers=admin, json={})
    assert resp.status_code == 503
    assert (
        client.get(f"{API}/leads/{created['id']}", headers=admin).get_json()["converted"] is False
    )
    assert _outbox(service, "sales.lead.converted.v1") == []


def test_bad_opportunity_options_are_refused_before_contacts_writes_anything(
    client: Any, admin: dict, lead: Any, directory: Any, service: Any
) -> None:
    created = lead()
    resp = client.post(
        f"{API}/leads/{created['id']}/convert",
        headers=admin,
        json={"opportunity": {"sales_stage": "Daydreaming"}},
    )
    assert resp.status_code == 422, resp.get_json()
    assert [c for c in directory.calls if c[0] == "convert"] == []
    assert _outbox(service, "sales.lead.converted.v1") == []
