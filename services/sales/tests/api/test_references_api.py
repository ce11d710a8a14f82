"""Case 9 (sales side): account and contact references on opportunities and enquiries are
checked with contacts where they are written: 422 naming the field, 503 when contacts is
unreachable, nothing written either way."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_chassis.errors import Unavailable

API = "/api/sales/v1"


def _errors(response: Any) -> list[str]:
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    return [e["field"] for e in response.get_json()["errors"]]


@pytest.fixture
def world(directory: Any) -> dict[str, str]:
    acme, beta = directory.add("Acme"), directory.add("Beta")
    return {
        "acme": str(acme),
        "beta": str(beta),
        "ada": str(directory.add_contact(acme)),
        "bob": str(directory.add_contact(beta)),
    }


def _opportunity(client: Any, admin: dict, **fields: Any) -> Any:
    return client.post(f"{API}/opportunities", headers=admin, json={"name": "Deal", **fields})


def test_opportunity_references_are_checked_on_create(
    client: Any, admin: dict, world: dict
) -> None:
    unknown = str(uuid.uuid4())
    assert _errors(_opportunity(client, admin, account_id=unknown)) == ["account_id"]
    assert _errors(_opportunity(client, admin, account_id=world["acme"], contact_id=unknown)) == [
        "contact_id"
    ]
    other = _opportunity(client, admin, account_id=world["acme"], contact_id=world["bob"])
    assert _errors(other) == ["contact_id"]
    assert "belong" in other.get_json()["errors"][0]["message"]
    assert client.get(f"{API}/opportunities", headers=admin).get_json()["items"] == []
    made = _opportunity(client, admin, account_id=world["acme"], contact_id=world["ada"])
    assert made.status_code == 201
    assert (made.get_json()["account_id"], made.get_json()["contact_id"]) == (
        world["acme"],
        world["ada"],
    )
    assert _opportunity(client, admin).status_code == 201  # no account: nothing to check


def test_opportunity_references_are_checked_on_patch(client: Any, admin: dict, world: dict) -> None:
    opp = _opportunity(client, admin, account_id=world["acme"], contact_id=world["ada"]).get_json()
    url = f"{API}/opportunities/{opp['id']}"
    assert _errors(client.patch(url, json={"account_id": str(uuid.uuid4())}, headers=admin)) == [
        "account_id"
    ]
    # moving the deal to Beta while Ada (of Acme) stays its contact
    assert _errors(client.patch(url, json={"account_id": world["beta"]}, headers=admin)) == [
        "contact_id"
    ]
    assert _errors(client.patch(url, json={"contact_id": world["bob"]}, headers=admin)) == [
        "contact_id"
    ]
    unchanged = client.get(url, headers=admin).get_json()
    assert (unchanged["account_id"], unchanged["version"]) == (world["acme"], opp["version"])
    both = {"account_id": world["beta"], "contact_id": world["bob"]}
    moved = client.patch(url, json=both, headers=admin)
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["account_id"] == world["beta"]
    assert client.patch(url, json={"name": "Renamed"}, headers=admin).status_code == 200


def test_enquiry_references_are_checked(
    client: Any, admin: dict, world: dict, product: Any
) -> None:
    p = product()
    body = {"product_id": p["id"], "quantity": 1}
    unknown = {**body, "account_id": str(uuid.uuid4())}
    assert _errors(client.post(f"{API}/enquiries", json=unknown, headers=admin)) == ["account_id"]
    stranger = {**body, "account_id": world["acme"], "contact_id": world["bob"]}
    assert _errors(client.post(f"{API}/enquiries", json=stranger, headers=admin)) == ["contact_id"]
    good = {**body, "account_id": world["acme"], "contact_id": world["ada"]}
    assert client.post(f"{API}/enquiries", json=good, headers=admin).status_code == 201


def test_contacts_unreachable_is_503_and_writes_nothing(
    client: Any, admin: dict, world: dict, directory: Any, monkeypatch: Any
) -> None:
    def down(*args: Any, **kwargs: Any) -> None:
        raise Unavailable("contacts is unreachable")

    monkeypatch.setattr(directory, "get_account", down)
    resp = _opportunity(client, admin, account_id=world["acme"])
    assert resp.status_code == 503 and resp.content_type == "application/problem+json"
    assert client.get(f"{API}/opportunities", headers=admin).get_json()["items"] == []


def test_quote_references_are_checked_on_create_and_patch(
    client: Any, admin: dict, world: dict, product: Any
) -> None:
    line = [{"product_id": product()["id"], "quantity": 1}]

    def quote(**fields: Any) -> Any:
        return client.post(f"{API}/quotes", headers=admin, json={"lines": line, **fields})

    assert _errors(quote(account_id=str(uuid.uuid4()))) == ["account_id"]
    assert _errors(quote(account_id=world["acme"], contact_id=world["bob"])) == ["contact_id"]
    assert client.get(f"{API}/quotes", headers=admin).get_json()["items"] == []
    made = quote(account_id=world["acme"], contact_id=world["ada"])
    assert made.status_code == 201, made.get_json()
    path = f"{API}/quotes/{made.get_json()['id']}"
    moved = client.patch(path, headers=admin, json={"contact_id": world["bob"]})
    assert _errors(moved) == ["contact_id"]
    assert client.get(path, headers=admin).get_json()["contact_id"] == world["ada"]
