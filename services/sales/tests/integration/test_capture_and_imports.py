"""Capture from marketing's lead-form event, CSV import, stale leads, reports."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from crm.marketing.v1 import events_pb2 as marketing
from crm_chassis.db import utcnow
from crm_chassis.events.envelope import Envelope
from crm_sales.adapters.tables import event_tables, leads
from crm_sales.events.incoming import LEAD_CAPTURED, handlers

API = "/api/sales/v1"


def _deliver(service: Any, payload: Any) -> None:
    envelope = Envelope.build(
        type=LEAD_CAPTURED, source="marketing", subject=payload.submission_id, data=payload
    )
    with service.db.transaction() as session:
        for handle in handlers(service)[LEAD_CAPTURED]:
            handle(session, Envelope.from_json(envelope.to_json()))


def _types(service: Any) -> list[str]:
    with service.db.reading() as session:
        return [r.type for r in session.execute(sa.select(event_tables.outbox.c.type))]


def test_a_captured_form_becomes_one_lead_even_when_delivered_twice(
    service: Any, client: Any, admin: dict
) -> None:
    campaign = uuid.uuid4()
    payload = marketing.LeadCaptured(
        submission_id="sub-1",
        form_id="f",
        campaign_id=str(campaign),
        first_name="Grace",
        last_name="Hopper",
        company="Navy",
        email="grace@navy.example",
        industry="Government",
        address=marketing.CapturedAddress(country="US"),
        tags=["webinar"],
    )
    _deliver(service, payload)
    _deliver(service, payload)
    items = client.get(f"{API}/leads", headers=admin).get_json()["items"]
    assert len(items) == 1
    lead = items[0]
    assert lead["origin"] == "web_form" and lead["lead_source"] == "Web Site"
    assert lead["campaign_id"] == str(campaign) and lead["address"]["country"] == "US"
    assert _types(service) == ["sales.lead.created.v1"]


def test_a_form_with_bad_pick_list_values_still_becomes_a_lead(
    service: Any, client: Any, admin: dict
) -> None:
    _deliver(
        service,
        marketing.LeadCaptured(
            submission_id="sub-2", last_name="X", industry="Alchemy", email="x@x.example"
        ),
    )
    [lead] = client.get(f"{API}/leads", headers=admin).get_json()["items"]
    assert lead["industry"] is None and lead["email"] == "x@x.example"


CSV = """First,Last,Company,Mail,Status,City
Ada,Lovelace,Analytical,ada@a.example,Hot,London
Alan,,Bletchley,alan@b.example,Cold,Bletchley
Grace,Hopper,Navy,grace@n.example,Sleepy,Arlington
"""
MAPPING = {
    "First": "first_name",
    "Last": "last_name",
    "Company": "company",
    "Mail": "email",
    "Status": "lead_status",
    "City": "address.city",
}


def test_an_import_with_bad_rows_reports_them_and_imports_nothing(client: Any, admin: dict) -> None:
    resp = client.post(f"{API}/leads/imports", headers=admin, json={"csv": CSV, "mapping": MAPPING})
    assert resp.status_code == 200
    report = resp.get_json()
    assert report["total"] == 3 and report["accepted"] == 1
    assert [(r["line"], r["errors"][0]["field"]) for r in report["rejected"]] == [
        (3, "last_name"),
        (4, "lead_status"),
    ]
    assert client.get(f"{API}/leads", headers=admin).get_json()["items"] == []


def test_a_dry_run_writes_nothing_and_a_clean_import_writes_all(client: Any, admin: dict) -> None:
    good = "\n".join(CSV.splitlines()[:2]) + "\nGrace,Hopper,Navy,grace@n.example,Warm,X\n"
    dry = client.post(
        f"{API}/leads/imports",
        headers=admin,
        json={"csv": good, "mapping": MAPPING, "dry_run": True},
    ).get_json()
    assert dry["accepted"] == 2 and dry["created_ids"] == []
    assert client.get(f"{API}/leads", headers=admin).get_json()["items"] == []
    real = client.post(
        f"{API}/leads/imports", headers=admin, json={"csv": good, "mapping": MAPPING}
    )
    assert real.status_code == 200 and len(real.get_json()["created_ids"]) == 2
    listed = client.get(f"{API}/leads?sort=last_name", headers=admin).get_json()["items"]
    assert [x["address"]["city"] for x in listed] == ["X", "London"]
    assert (
        client.post(
            f"{API}/leads/imports",
            headers=admin,
            json={"csv": good, "mapping": {"First": "shoe_size"}},
        ).status_code
        == 422
    )


def test_an_import_flags_duplicates_among_its_own_rows(client: Any, admin: dict) -> None:
    rows = "last_name,company,Mail\nLovelace,Analytical,ada@a.example\nByron,Other,ADA@a.example\n"
    body = {"csv": rows, "mapping": {"Mail": "email"}}
    resp = client.post(f"{API}/leads/imports", headers=admin, json=body)
    assert resp.status_code == 200, resp.get_json()
    first, second = resp.get_json()["created_ids"]
    later = client.get(f"{API}/leads/{second}", headers=admin).get_json()
    assert later["possible_duplicate"] is True and later["duplicate_of"] == first
    earlier = client.get(f"{API}/leads/{first}", headers=admin).get_json()
    assert earlier["possible_duplicate"] is False


def test_untouched_leads_raise_one_stale_event(
    service: Any, client: Any, admin: dict, lead: Any
) -> None:
    old = lead()
    lead(last_name="Fresh")
    with service.db.transaction() as session:
        session.execute(
            sa.update(leads)
            .where(leads.c.id == uuid.UUID(old["id"]))
            .values(last_touched_at=utcnow() - timedelta(days=30))
        )
    assert client.post(f"{API}/leads/stale-check", headers=admin).get_json() == {"stale": 1}
    assert client.post(f"{API}/leads/stale-check", headers=admin).get_json() == {"stale": 0}
    assert _types(service).count("sales.lead.stale.v1") == 1


def test_reports_pipeline_forecast_kpis_and_csv(client: Any, admin: dict, lead: Any) -> None:
    def opp(name: str, amount: str, stage: str, close: str = "2026-12-15") -> dict:
        resp = client.post(
            f"{API}/opportunities",
            headers=admin,
            json={
                "name": name,
                "amount": {"amount": amount, "currency": "EUR"},
                "sales_stage": stage,
                "expected_close_date": close,
            },
        )
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    opp("A", "1000.00", "Prospecting")
    opp("B", "2000.00", "Negotiation/Review", "2027-01-10")
    opp("C", "3000.00", "Closed Won")
    opp("D", "4000.00", "Closed Lost")
    converted = lead()
    lead(last_name="Other")
    client.post(
        f"{API}/leads/{converted['id']}/convert", headers=admin, json={"create_opportunity": False}
    )
    pipeline = client.get(f"{API}/reports/pipeline", headers=admin).get_json()["items"]
    assert [(r["sales_stage"], r["amount"], r["weighted_amount"]) for r in pipeline] == [
        ("Prospecting", "1000.00", "100.00"),
        ("Negotiation/Review", "2000.00", "1600.00"),
    ]
    forecast = client.get(f"{API}/reports/forecast", headers=admin).get_json()["items"]
    assert [(r["month"], r["weighted_amount"]) for r in forecast] == [
        ("2026-12", "100.00"),
        ("2027-01", "1600.00"),
    ]
    kpis = client.get(f"{API}/reports/kpis", headers=admin).get_json()
    assert (kpis["win_rate"], kpis["lead_conversion_rate"]) == ("0.5000", "0.5000")
    assert kpis["average_deal_size"] == [{"currency": "EUR", "amount": "3000.00"}]
    csv_resp = client.get(f"{API}/reports/pipeline?format=csv", headers=admin)
    assert csv_resp.mimetype == "text/csv"
    assert csv_resp.data.decode().splitlines()[0].startswith("sales_stage,owner_id")
    by_status = client.get(f"{API}/reports/leads-by-status", headers=admin).get_json()
    assert {r["lead_status"]: r["count"] for r in by_status["items"]} == {"Not Contacted": 2}
    assert (
        json.loads(client.get(f"{API}/reports/kpis?format=xml", headers=admin).data)["status"]
        == 422
    )


def test_a_merge_in_contacts_repoints_opportunities_and_quotes(
    service: Any, client: Any, admin: dict, product: Any, directory: Any
) -> None:
    from crm.contacts.v1 import contacts_pb2, events_pb2
    from crm_sales.events.incoming import ACCOUNT_MERGED

    old, keep = directory.add("Old"), directory.add("Keep")
    opp = client.post(
        f"{API}/opportunities", headers=admin, json={"name": "D", "account_id": str(old)}
    ).get_json()
    quote = client.post(
        f"{API}/quotes",
        headers=admin,
        json={"account_id": str(old), "lines": [{"product_id": product()["id"], "quantity": 1}]},
    ).get_json()
    payload = events_pb2.AccountMerged(
        surviving_account=contacts_pb2.Account(id=str(keep)), merged_account_ids=[str(old)]
    )
    envelope = Envelope.build(
        type=ACCOUNT_MERGED, source="contacts", subject=str(keep), data=payload
    )
    with service.db.transaction() as session:
        for handle in handlers(service)[ACCOUNT_MERGED]:
            handle(session, Envelope.from_json(envelope.to_json()))
    assert client.get(f"{API}/opportunities/{opp['id']}", headers=admin).get_json()[
        "account_id"
    ] == str(keep)
    assert client.get(f"{API}/quotes/{quote['id']}", headers=admin).get_json()["account_id"] == str(
        keep
    )
