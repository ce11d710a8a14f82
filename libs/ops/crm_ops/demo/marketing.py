"""Marketing's demo data: campaigns in several states with lead and contact members, a
mailing list, a template, and a mailing sent (to the local SMTP sink under ``make up``)."""

from __future__ import annotations

from typing import Any

from crm_ops.demo.client import Api

API = "/api/marketing/v1"

# name, type, status, budget, expected revenue, member leads (company), member contacts
CAMPAIGNS: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Spring CRM webinar",
        "Webinar",
        "Active",
        "4000.00",
        "60000.00",
        ("Coho Winery", "Humongous Insurance", "Trey Research"),
        ("janet.leverling@retail.northwind.example", "lena.becker@contoso.example"),
    ),
    (
        "Retail Expo Berlin",
        "Trade Show",
        "Completed",
        "15000.00",
        "120000.00",
        ("Proseware", "Wingtip Toys", "Adventure Works"),
        ("steven.buchanan@logistics.northwind.example",),
    ),
    (
        "Partner referral programme",
        "Referral Program",
        "Planning",
        "2500.00",
        "30000.00",
        ("Woodgrove Bank",),
        ("camille.durand@tailspin.example",),
    ),
)
LIST_NAME = "Customer newsletter (demo)"
TEMPLATE = "Spring newsletter (demo)"
MAILING = "Spring newsletter 2026 (demo)"
HTML = (
    "<html><body><p>Hello {{ contact.first_name }},</p>"
    "<p>Our spring release brings pipeline forecasts and a new customer portal.</p>"
    '<p><a href="https://crm.example/spring">See what is new</a></p></body></html>'
)
STATUS_PATH = {"Active": ("Active",), "Completed": ("Active", "Completed"), "Planning": ()}


def _campaigns(api: Api, contacts: dict[str, Any], leads: dict[str, Any]) -> None:
    for name, kind, status, budget, revenue, lead_names, contact_emails in CAMPAIGNS:
        campaign = api.ensure(
            "campaigns",
            f"{API}/campaigns",
            {"name": name},
            {
                "campaign_type": kind,
                "currency": "EUR",
                "budget": budget,
                "expected_revenue": revenue,
                "expected_response": "Good",
                "target_audience": "Operations and IT leads",
            },
            q=name,
        )
        path = f"{API}/campaigns/{campaign['id']}"
        have = {m["id"] for m in api.get(f"{path}/members", limit=200)["items"]}
        wanted = [{"type": "lead", "id": leads[c]["id"]} for c in lead_names]
        wanted += [{"type": "contact", "id": contacts[e]["id"]} for e in contact_emails]
        missing = [m for m in wanted if m["id"] not in have]
        if missing:
            api.post(f"{path}/members", {"members": missing})
            api.created["campaign members"] += len(missing)
        steps = STATUS_PATH[status]
        for step in steps[
            steps.index(campaign["status"]) + 1 if campaign["status"] in steps else 0 :
        ]:
            campaign = api.patch(path, {"status": step})


def _mailing(api: Api, contacts: dict[str, Any]) -> None:
    listed = api.ensure(
        "mailing lists",
        f"{API}/mailing-lists",
        {"name": LIST_NAME},
        {"description": "Customers who read our news"},
        q=LIST_NAME,
    )
    ids = [c["id"] for c in contacts.values()]
    added = api.post(f"{API}/mailing-lists/{listed['id']}/members", {"contact_ids": ids})
    if added["added"]:
        api.created["mailing list members"] += added["added"]
    template = api.ensure(
        "templates",
        f"{API}/templates",
        {"name": TEMPLATE},
        {"subject": "What is new this spring", "html": HTML},
        q=TEMPLATE,
    )
    mailing = api.find(f"{API}/mailings", {"name": MAILING})
    if mailing is None:
        mailing = api.post(
            f"{API}/mailings",
            {
                "name": MAILING,
                "template_id": template["id"],
                "audience_kind": "list",
                "audience_id": listed["id"],
                "from_name": "CRM Demo",
                "from_address": "news@crm.local",
            },
        )
        api.created["mailings"] += 1
    if mailing["status"] == "Draft":
        # The worker sends it in batches (to the local SMTP sink under make up).
        api.post(f"{API}/mailings/{mailing['id']}/send")
        api.created["mailings sent"] += 1


def load(api: Api, contacts: dict[str, Any], leads: dict[str, Any]) -> None:
    """Create what is missing."""
    _campaigns(api, contacts, leads)
    _mailing(api, contacts)
