"""Quote search (``q=``) by number, subject, product and customer; the customer's name
follows contacts' account events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_chassis.errors import Unavailable
from crm_chassis.events.envelope import Envelope

API = "/api/sales/v1"


@pytest.fixture
def quote(client: Any, admin: dict, product: Any) -> Any:
    def make(account_id: Any, **fields: Any) -> dict[str, Any]:
        lines = fields.pop("lines", None) or [{"product_id": product()["id"], "quantity": 1}]
        resp = client.post(
            f"{API}/quotes",
            headers=admin,
            json={"account_id": str(account_id), "lines": lines, **fields},
        )
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    return make


def _found(client: Any, admin: dict, q: str) -> list[str]:
    resp = client.get(f"{API}/quotes", query_string={"q": q}, headers=admin)
    assert resp.status_code == 200, resp.get_json()
    return [x["id"] for x in resp.get_json()["items"]]


def test_q_matches_number_subject_products_and_the_customers_name(
    client: Any, admin: dict, product: Any, directory: Any, quote: Any
) -> None:
    globex = directory.add("Globex Corporation")
    initech = directory.add("Initech")
    gadget = product(code="GAD-7781", name="Turbo Encabulator")
    wanted = quote(
        globex,
        subject="Spring refit",
        lines=[{"product_id": gadget["id"], "quantity": 2}],
    )
    other = quote(initech, subject="Other business")
    assert wanted["account_name"] == "Globex Corporation"
    for term in ("globex", "GLOBEX corp", "spring", "encabulator", "gad-7781", wanted["number"]):
        assert _found(client, admin, term) == [wanted["id"]], term
    assert _found(client, admin, "initech") == [other["id"]]
    assert _found(client, admin, "umbrella") == []
    # Wildcards in the term are literal characters, not patterns.
    assert _found(client, admin, "%") == []


def test_a_renamed_or_merged_account_is_found_by_its_new_name(
    service: Any, client: Any, admin: dict, directory: Any, quote: Any
) -> None:
    from crm.contacts.v1 import contacts_pb2, events_pb2
    from crm_sales.events.incoming import ACCOUNT_MERGED, ACCOUNT_UPDATED, handlers

    acme, old = directory.add("Acme"), directory.add("Old Name Ltd")
    first = quote(acme)
    client.post(f"{API}/quotes/{first['id']}/approve", headers=admin)
    moved = quote(old)

    def deliver(kind: str, payload: Any, subject: Any) -> None:
        envelope = Envelope.build(type=kind, source="contacts", subject=str(subject), data=payload)
        with service.db.transaction() as session:
            for handle in handlers(service)[kind]:
                handle(session, Envelope.from_json(envelope.to_json()))

    renamed = events_pb2.AccountUpdated(
        account=contacts_pb2.Account(id=str(acme), name="Acme Rockets"), changed_fields=["name"]
    )
    deliver(ACCOUNT_UPDATED, renamed, acme)
    assert _found(client, admin, "rockets") == [first["id"]]  # approved quotes too
    body = client.get(f"{API}/quotes/{first['id']}", headers=admin).get_json()
    assert body["account_name"] == "Acme Rockets" and body["approval_status"] == "Approved"
    # Other changes (or an empty name) leave the stored name alone.
    deliver(
        ACCOUNT_UPDATED,
        events_pb2.AccountUpdated(
            account=contacts_pb2.Account(id=str(acme), name="Ignored"), changed_fields=["phone"]
        ),
        acme,
    )
    assert _found(client, admin, "ignored") == []
    merged = events_pb2.AccountMerged(
        surviving_account=contacts_pb2.Account(id=str(acme), name="Acme Rockets"),
        merged_account_ids=[str(old)],
    )
    deliver(ACCOUNT_MERGED, merged, acme)
    assert sorted(_found(client, admin, "acme rockets")) == sorted([first["id"], moved["id"]])
    assert _found(client, admin, "old name") == []


class DownDirectory:
    def convert_lead(self, request: Any, *, token: Any) -> None:
        raise Unavailable("contacts is down")

    def get_account(self, account_id: Any, *, token: Any) -> None:
        raise Unavailable("contacts is down")


def test_with_contacts_down_no_quote_is_made_even_with_both_addresses(
    service: Any, client: Any, admin: dict, product: Any
) -> None:
    # The account is a reference checked where the quote is written: with contacts down it
    # cannot be, so the answer is 503 and nothing is written (it was once made unchecked).
    service.run = service.run.with_dependencies(directory=DownDirectory())
    line = [{"product_id": product()["id"], "quantity": 1}]
    address = {"street": "1 Main St", "city": "Leeds", "country": "GB"}
    for extra in ({"billing_address": address, "shipping_address": address}, {}):
        refused = client.post(
            f"{API}/quotes",
            headers=admin,
            json={"account_id": str(uuid.uuid4()), "lines": line, **extra},
        )
        assert refused.status_code == 503, refused.get_json()
        assert refused.content_type == "application/problem+json"
    assert client.get(f"{API}/quotes", headers=admin).get_json()["items"] == []
