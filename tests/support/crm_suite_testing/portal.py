"""Customers with portal users, for the support e2e tests: an account in contacts, a
contact at it, and that contact's portal user in identity, signed in through the gateway."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from crm_suite_testing.suite import password_headers

PASSWORD = "Corr3ct-horse-battery"


def customer(gw: str, admin: dict[str, str], name: str) -> dict[str, Any]:
    """An account with a contact and that contact's portal user (signed in)."""
    account = requests.post(
        f"{gw}/api/contacts/v1/accounts", json={"name": name}, headers=admin, timeout=10
    )
    assert account.status_code == 201, account.text
    account_id = account.json()["id"]
    contact = requests.post(
        f"{gw}/api/contacts/v1/contacts",
        json={"last_name": f"{name} Buyer", "account_id": account_id},
        headers=admin,
        timeout=10,
    )
    assert contact.status_code == 201, contact.text
    email = f"portal-{uuid.uuid4().hex[:10]}@e2e.test"
    user = requests.post(
        f"{gw}/api/identity/v1/users",
        json={
            "email": email,
            "display_name": name,
            "password": PASSWORD,
            "kind": "portal",
            "account_id": account_id,
            "contact_id": contact.json()["id"],
        },
        headers=admin,
        timeout=10,
    )
    assert user.status_code == 201, user.text
    return {
        "account_id": account_id,
        "contact_id": contact.json()["id"],
        "headers": password_headers(gw, email, PASSWORD),
    }
