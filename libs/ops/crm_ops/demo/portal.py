"""The demo portal customer belongs to a real demo account and contact.

Identity's demo loader runs before contacts has any data, and identity requires a portal
user to name an account and a contact, so it creates ``customer@client.demo`` with
placeholder ids; once contacts' demo data exists this links the user to Globex Media (which
holds a portal ticket and the overdue invoice) through identity's admin API.
"""

from __future__ import annotations

from typing import Any

from crm_ops.demo.client import Api

USERS = "/api/identity/v1/users"
PORTAL_EMAIL = "customer@client.demo"
ACCOUNT = "Globex Media"
CONTACT = "oliver.hughes@globex.example"


def link(api: Api, accounts: dict[str, Any], contacts: dict[str, Any]) -> None:
    """Point the portal user at the demo account and contact unless it already does."""
    user = api.find(USERS, {"email": PORTAL_EMAIL}, q=PORTAL_EMAIL)
    if user is None:  # identity's demo loader did not run (e.g. a REST-only load)
        return
    wanted = {"account_id": accounts[ACCOUNT]["id"], "contact_id": contacts[CONTACT]["id"]}
    if all(user.get(k) == v for k, v in wanted.items()):
        return
    api.patch(f"{USERS}/{user['id']}", wanted)
    api.created["portal users linked"] += 1
