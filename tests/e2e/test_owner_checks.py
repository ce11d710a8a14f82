"""Issue 12 case 8 through the gateway: ``owner_id`` must be an active internal user
everywhere, through one check. A lead, an account and an invoice refuse a random id, a
deactivated user and a portal user (422 naming ``owner_id``, message "is not an active
internal user or group"); an active staff user is
accepted. Policy copies follow identity's events, so answers are awaited, not assumed."""

from __future__ import annotations

import uuid
from typing import Any

import requests

IDENTITY = "/api/identity/v1"
PASSWORD = "Corr3ct-horse-battery"


def _user(gw: str, admin: dict[str, str], **extra: Any) -> str:
    email = f"own-{uuid.uuid4().hex[:10]}@e2e.test"
    body = {"email": email, "display_name": email, "password": PASSWORD, **extra}
    resp = requests.post(f"{gw}{IDENTITY}/users", json=body, headers=admin, timeout=10)
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def _writes(owner: str) -> list[tuple[str, dict[str, Any]]]:
    invoice = {
        "account_id": str(uuid.uuid4()),
        "currency": "EUR",
        "lines": [{"description": "Widget", "quantity": "1", "unit_price": "10.00"}],
    }
    return [
        ("/api/sales/v1/leads", {"last_name": "Owner", "company": "Owners Ltd"}),
        ("/api/contacts/v1/accounts", {"name": f"Owners {uuid.uuid4().hex[:6]}"}),
        ("/api/billing/v1/invoices", invoice),
    ]


def _post(gw: str, admin: dict[str, str], path: str, body: dict, owner: str) -> Any:
    return requests.post(f"{gw}{path}", json={**body, "owner_id": owner}, headers=admin, timeout=10)


def _refused(resp: Any) -> bool:
    if resp.status_code != 422:
        return False
    # Contacts names an id unknown to its policy copy too after asking its owner directory.
    return "owner_id" in {e["field"] for e in resp.json().get("errors", [])}


def test_every_service_refuses_a_random_deactivated_or_portal_owner(gw, admin, eventually):
    rep = _user(gw, admin)
    gone = _user(gw, admin)
    portal = _user(
        gw, admin, kind="portal", account_id=str(uuid.uuid4()), contact_id=str(uuid.uuid4())
    )
    # An active staff user may own a lead and an account once the services know them.
    for path, body in _writes(rep)[:2]:
        eventually(lambda p=path, b=body: _post(gw, admin, p, b, rep).status_code == 201)
    resp = requests.post(f"{gw}{IDENTITY}/users/{gone}/deactivate", headers=admin, timeout=10)
    assert resp.status_code == 200, resp.text
    for owner in (str(uuid.uuid4()), gone, portal):
        for path, body in _writes(owner):
            eventually(lambda p=path, b=body, o=owner: _refused(_post(gw, admin, p, b, o)))
