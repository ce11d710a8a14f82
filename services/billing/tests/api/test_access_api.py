"""Record- and field-level access (identity's policy) on billing's REST API."""

import uuid

import pytest

from crm_access.model import PolicySnapshot
from tests.conftest import API, invoice_body


class Org:
    def __init__(self, service, tokens):
        self.service, self.tokens, self.version = service, tokens, 0
        self.manager, self.north, self.south, self.clerk = (uuid.uuid4() for _ in range(4))

    def headers(self, user):
        return {"Authorization": f"Bearer {self.tokens.issue(str(user))}"}

    def save(
        self,
        *,
        invoice_fields=None,
        actions=("view", "create", "edit", "delete"),
        sharing="private",
    ):
        self.version += 1
        modules = {
            m: list(actions)
            for m in ("invoices", "payments", "credit_notes", "purchase_orders", "vendors")
        }
        snapshot = PolicySnapshot.from_dict(
            {
                "version": self.version,
                "users": [
                    {"id": str(self.manager), "role_id": "manager"},
                    {"id": str(self.north), "role_id": "north"},
                    {"id": str(self.south), "role_id": "south"},
                    {"id": str(self.clerk), "role_id": "clerk"},
                ],
                "roles": [
                    {"id": "manager", "name": "Manager", "profile_ids": ["finance"]},
                    {
                        "id": "north",
                        "name": "North",
                        "parent_id": "manager",
                        "profile_ids": ["finance"],
                    },
                    {
                        "id": "south",
                        "name": "South",
                        "parent_id": "manager",
                        "profile_ids": ["finance"],
                    },
                    {"id": "clerk", "name": "Clerk", "profile_ids": ["readonly"]},
                ],
                "profiles": [
                    {
                        "id": "finance",
                        "name": "Finance",
                        "modules": modules,
                        "fields": {"invoices": invoice_fields or {}},
                    },
                    {"id": "readonly", "name": "Read", "modules": {"vendors": ["view"]}},
                ],
                "sharing_defaults": {"invoices": sharing, "payments": sharing},
                "unowned_modules": ["vendors"],
            }
        )
        self.service.access.store.save(snapshot)


@pytest.fixture
def org(service, tokens):
    o = Org(service, tokens)
    o.save()
    return o


@pytest.fixture
def north_invoice(client, admin, account_id, org):
    body = invoice_body(account_id, owner_id=str(org.north))
    response = client.post(f"{API}/invoices", json=body, headers=admin)
    assert response.status_code == 201
    return response.get_json()


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return {i["id"] for i in response.get_json()["items"]}


def test_owner_and_manager_see_the_invoice_a_peer_gets_404(client, org, north_invoice):
    url = f"{API}/invoices/{north_invoice['id']}"
    assert client.get(url, headers=org.headers(org.north)).status_code == 200
    assert client.get(url, headers=org.headers(org.manager)).status_code == 200
    south = org.headers(org.south)
    for response in (
        client.get(url, headers=south),
        client.patch(url, json={"subject": "x"}, headers=south),
        client.post(f"{url}/approve", headers=south),
        client.get(f"{url}/pdf", headers=south),
    ):
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    assert _ids(client.get(f"{API}/invoices", headers=south)) == set()
    assert north_invoice["id"] in _ids(
        client.get(f"{API}/invoices", headers=org.headers(org.manager))
    )
    report = client.get(f"{API}/reports/ageing", headers=south).get_json()
    assert report["accounts"] == []


def test_public_read_shows_but_does_not_allow_edits(client, org, north_invoice):
    org.save(sharing="public_read")
    url = f"{API}/invoices/{north_invoice['id']}"
    south = org.headers(org.south)
    assert client.get(url, headers=south).status_code == 200
    assert client.patch(url, json={"subject": "x"}, headers=south).status_code == 403
    assert client.get(url, headers=south).get_json()["version"] == 1


def test_hidden_fields_are_redacted_and_read_only_fields_refused(client, org, north_invoice):
    org.save(invoice_fields={"description": "hidden", "terms_conditions": "read_only"})
    north = org.headers(org.north)
    url = f"{API}/invoices/{north_invoice['id']}"
    assert "description" not in client.get(url, headers=north).get_json()
    listed = client.get(f"{API}/invoices", headers=north).get_json()["items"]
    assert all("description" not in i for i in listed)
    response = client.patch(url, json={"terms_conditions": "x"}, headers=north)
    assert response.status_code == 403
    assert response.get_json()["errors"][0]["field"] == "terms_conditions"
    assert client.patch(url, json={"description": "x"}, headers=north).status_code == 403


def test_modules_without_permission_are_403(client, org, north_invoice):
    clerk = org.headers(org.clerk)
    assert client.get(f"{API}/invoices", headers=clerk).status_code == 403
    assert client.post(f"{API}/vendors", json={"name": "V"}, headers=clerk).status_code == 403
    assert client.get(f"{API}/vendors", headers=clerk).status_code == 200


def test_vendors_are_unowned(client, org, admin):
    created = client.post(
        f"{API}/vendors", json={"name": "Acme Supply"}, headers=org.headers(org.north)
    )
    assert created.status_code == 201
    vendor_id = created.get_json()["id"]
    assert (
        client.get(f"{API}/vendors/{vendor_id}", headers=org.headers(org.south)).status_code == 200
    )
    assert (
        client.get(f"{API}/vendors/{vendor_id}", headers=org.headers(org.clerk)).status_code == 200
    )


def test_payment_naming_an_invisible_invoice_is_refused(client, org, north_invoice, admin):
    client.post(f"{API}/invoices/{north_invoice['id']}/approve", headers=admin)
    body = {
        "account_id": north_invoice["account_id"],
        "amount": "10.00",
        "currency": "EUR",
        "allocations": [{"invoice_id": north_invoice["id"]}],
    }
    response = client.post(f"{API}/payments", json=body, headers=org.headers(org.south))
    assert response.status_code == 422
    assert (
        client.get(f"{API}/invoices/{north_invoice['id']}", headers=admin).get_json()["balance"]
        == north_invoice["balance"]
    )


def test_a_portal_user_sees_only_their_accounts_invoices(
    client, admin, tokens, org, create_invoice, account_id
):
    mine = create_invoice(approve=True)
    theirs = create_invoice(approve=True, account="0e7c1a7c-5c49-4d2c-b1b0-3cb0c0a0b0a1")
    token = tokens.issue(
        str(uuid.uuid4()), typ="portal", scope="portal.invoices.read", account_id=account_id
    )
    portal = {"Authorization": f"Bearer {token}"}
    assert _ids(client.get(f"{API}/invoices", headers=portal)) == {mine["id"]}
    assert client.get(f"{API}/invoices/{theirs['id']}", headers=portal).status_code == 404
    assert client.get(f"{API}/invoices/{mine['id']}/pdf", headers=portal).status_code == 200
    assert client.get(f"{API}/purchase-orders", headers=portal).status_code == 403


def test_a_portal_user_never_sees_staff_only_invoice_fields(
    client, admin, tokens, create_invoice, account_id
):
    mine = create_invoice(approve=True)
    assert "owner_id" in mine and "dunning_level" in mine
    token = tokens.issue(
        str(uuid.uuid4()), typ="portal", scope="portal.invoices.read", account_id=account_id
    )
    portal = {"Authorization": f"Bearer {token}"}
    body = client.get(f"{API}/invoices/{mine['id']}", headers=portal).get_json()
    assert body["id"] == mine["id"] and body["balance"] == mine["balance"]
    assert "owner_id" not in body and "dunning_level" not in body
    listed = client.get(f"{API}/invoices", headers=portal).get_json()["items"]
    assert listed and all("owner_id" not in i for i in listed)


def test_a_portal_user_never_sees_a_draft_invoice(client, tokens, create_invoice, account_id):
    draft, issued = create_invoice(), create_invoice(approve=True)
    token = tokens.issue(
        str(uuid.uuid4()), typ="portal", scope="portal.invoices.read", account_id=account_id
    )
    portal = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/invoices/{draft['id']}", headers=portal).status_code == 404
    assert client.get(f"{API}/invoices/{draft['id']}/pdf", headers=portal).status_code == 404
    assert _ids(client.get(f"{API}/invoices", headers=portal)) == {issued["id"]}
