"""Contacts' demo data: accounts in a small hierarchy, their people, a task and a note."""

from __future__ import annotations

from typing import Any

from crm_ops.demo.client import Api

API = "/api/contacts/v1"

# name, parent (by name), type, industry, city, country, website
ACCOUNTS: tuple[tuple[str, str | None, str, str, str, str, str], ...] = (
    ("Northwind Holdings", None, "Customer", "Retail", "Seattle", "US", "northwind.example"),
    (
        "Northwind Retail",
        "Northwind Holdings",
        "Customer",
        "Retail",
        "Portland",
        "US",
        "retail.northwind.example",
    ),
    (
        "Northwind Logistics",
        "Northwind Holdings",
        "Customer",
        "Transportation",
        "Tacoma",
        "US",
        "logistics.northwind.example",
    ),
    (
        "Contoso Manufacturing",
        None,
        "Customer",
        "Manufacturing",
        "Stuttgart",
        "DE",
        "contoso.example",
    ),
    ("Fabrikam Energy", None, "Prospect", "Energy", "Rotterdam", "NL", "fabrikam.example"),
    ("Globex Media", None, "Customer", "Media", "Leeds", "GB", "globex.example"),
    ("Tailspin Partners", None, "Partner", "Consulting", "Lyon", "FR", "tailspin.example"),
)

# account, first, last, title, reports to (last name at the same account)
CONTACTS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("Northwind Holdings", "Nancy", "Davolio", "Chief Executive Officer", None),
    ("Northwind Holdings", "Andrew", "Fuller", "VP Finance", "Davolio"),
    ("Northwind Retail", "Janet", "Leverling", "Head of Stores", None),
    ("Northwind Retail", "Margaret", "Peacock", "IT Manager", "Leverling"),
    ("Northwind Logistics", "Steven", "Buchanan", "Operations Director", None),
    ("Contoso Manufacturing", "Lena", "Becker", "Head of Procurement", None),
    ("Contoso Manufacturing", "Jonas", "Weber", "Plant Manager", "Becker"),
    ("Fabrikam Energy", "Sanne", "de Vries", "CTO", None),
    ("Globex Media", "Oliver", "Hughes", "Finance Director", None),
    ("Globex Media", "Amelia", "Clarke", "Marketing Lead", "Hughes"),
    ("Tailspin Partners", "Camille", "Durand", "Partner Manager", None),
)


def email_of(first: str, last: str, account: str) -> str:
    """A contact's stable e-mail, also its look-up key."""
    domain = next(a[6] for a in ACCOUNTS if a[0] == account)
    return f"{first}.{last.replace(' ', '')}@{domain}".lower()


#: Identity's demo reps own the accounts of their territories (README "Demo data").
OWNERS = {
    "Northwind": "rep.one@crm.local",
    "Contoso": "rep.two@crm.local",
    "Fabrikam": "rep.two@crm.local",
}


def owner_of(api: Api, name: str) -> dict[str, str]:
    """``{"owner_id": ...}`` for a record of this company, or ``{}`` (the caller owns it)."""
    email = next((e for prefix, e in OWNERS.items() if name.startswith(prefix)), None)
    found = api.user_id(email) if email else None
    return {"owner_id": found} if found else {}


def load(api: Api) -> dict[str, Any]:
    """Create what is missing; return ``{"accounts": {name: rec}, "contacts": {email: rec}}``."""
    accounts: dict[str, dict[str, Any]] = {}
    for name, parent, kind, industry, city, country, web in ACCOUNTS:
        body = {
            "account_type": kind,
            "industry": industry,
            "website": web,
            "email": f"info@{web}",
            "billing_address": {"street": "1 Main Street", "city": city, "country": country},
            **({"parent_id": accounts[parent]["id"]} if parent else {}),
            **owner_of(api, name),
        }
        accounts[name] = api.ensure("accounts", f"{API}/accounts", {"name": name}, body, q=name)
    contacts: dict[str, dict[str, Any]] = {}
    for account, first, last, title, boss in CONTACTS:
        email = email_of(first, last, account)
        body = {
            "first_name": first,
            "last_name": last,
            "title": title,
            "account_id": accounts[account]["id"],
            "lead_source": "Existing Customer",
        }
        if boss:
            body["reports_to_id"] = contacts[email_of(_first(boss, account), boss, account)]["id"]
        contacts[email] = api.ensure(
            "contacts", f"{API}/contacts", {"email": email}, body, email=email
        )
    return {"accounts": accounts, "contacts": contacts}


def _first(last: str, account: str) -> str:
    return next(c[1] for c in CONTACTS if c[0] == account and c[2] == last)
