"""Issue 12 case 8: ``owner_id`` must be an active internal user (or a group) everywhere,
through crm_access's one rule: invoices, purchase orders and payments refuse a random id, a
deactivated user and a portal user with 422 naming the field, and write nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_access.model import PolicySnapshot, UserFacts
from tests.api.test_purchasing_api import _order, _vendor
from tests.conftest import API, invoice_body

MESSAGE = "is not an active internal user or group"


@pytest.fixture
def people(service: Any, admin_id: uuid.UUID) -> dict[str, str]:
    rep, gone, portal = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    service.access.store.save(
        PolicySnapshot(
            version=1,
            users=(
                UserFacts(str(admin_id), is_admin=True),
                UserFacts(str(rep)),
                UserFacts(str(gone), active=False),
                UserFacts(str(portal), kind="portal"),
            ),
        )
    )
    return {"rep": str(rep), "gone": str(gone), "portal": str(portal), "random": str(uuid.uuid4())}


def _refused(resp: Any) -> None:
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["errors"] == [{"field": "owner_id", "message": MESSAGE}]


@pytest.mark.parametrize("which", ["random", "gone", "portal"])
def test_billing_documents_refuse_a_bad_owner(
    client: Any, admin: dict, account_id: str, people: dict, which: str
) -> None:
    owner = people[which]
    _refused(
        client.post(f"{API}/invoices", json=invoice_body(account_id, owner_id=owner), headers=admin)
    )
    assert client.get(f"{API}/invoices", headers=admin).get_json()["items"] == []
    payment = {"account_id": account_id, "amount": "10.00", "currency": "EUR", "owner_id": owner}
    _refused(client.post(f"{API}/payments", json=payment, headers=admin))
    vendor = _vendor(client, admin)
    _refused(_order(client, admin, vendor["id"], owner_id=owner))


def test_an_active_internal_user_may_own_an_invoice(
    client: Any, admin: dict, account_id: str, people: dict
) -> None:
    body = invoice_body(account_id, owner_id=people["rep"])
    created = client.post(f"{API}/invoices", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["owner_id"] == people["rep"]
