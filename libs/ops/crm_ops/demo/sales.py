"""Sales' demo data: products, a lead in every status (two converted), opportunities in
every stage, quotes (one revised, two approved) and orders from the approved ones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crm_ops.demo.client import Api
from crm_ops.demo.contacts import owner_of

API = "/api/sales/v1"

# code, name, unit price (EUR), tax %, usage unit
PRODUCTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("DEMO-CRM-SEAT", "CRM seat, one year", "480.00", "19", "Each"),
    ("DEMO-ONBOARD", "Onboarding workshop", "1200.00", "19", "Hours"),
    ("DEMO-SUPPORT", "Premium support, one year", "2400.00", "19", "Each"),
)

# status, first, last, company, source, industry
LEADS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Not Contacted", "Liam", "Walsh", "Blue Yonder Airlines", "Web Site", "Transportation"),
    ("Attempted to Contact", "Emma", "Novak", "Litware Inc", "Cold Call", "Technology"),
    ("Contacted", "Noah", "Keller", "Proseware", "Trade Show", "Technology"),
    ("Contact in Future", "Mia", "Rossi", "Lucerne Publishing", "Conference", "Media"),
    ("Pre Qualified", "Lucas", "Meyer", "Woodgrove Bank", "Partner", "Banking"),
    ("Hot", "Sofia", "Garcia", "Coho Winery", "Web Site", "Food & Beverage"),
    ("Warm", "Elias", "Berg", "Humongous Insurance", "Direct Mail", "Insurance"),
    ("Cold", "Chloe", "Martin", "Trey Research", "Web Site", "Biotechnology"),
    ("Qualified", "Ava", "Jensen", "Alpine Ski House", "Word of mouth", "Recreation"),
    ("Lost Lead", "Ben", "Fischer", "Margie's Travel", "Cold Call", "Hospitality"),
    ("Junk Lead", "Test", "Testing", "asdf", "Other", "Other"),
)
# Qualified leads converted: a new account, contact and opportunity in one call.
CONVERTED: tuple[tuple[str, str, str, str, str], ...] = (
    ("Wingtip", "Toys", "Wingtip Toys", "Conference", "9600.00"),
    ("Adventure", "Works", "Adventure Works", "Partner", "14400.00"),
)

# account, topic, stage, amount
OPPORTUNITIES: tuple[tuple[str, str, str, str], ...] = (
    ("Northwind Retail", "store rollout", "Prospecting", "24000.00"),
    ("Northwind Logistics", "fleet desk", "Qualification", "12000.00"),
    ("Fabrikam Energy", "field service pilot", "Needs Analysis", "18000.00"),
    ("Globex Media", "newsroom CRM", "Value Proposition", "9000.00"),
    ("Tailspin Partners", "partner portal", "Id. Decision Makers", "15000.00"),
    ("Contoso Manufacturing", "plant expansion", "Perception Analysis", "30000.00"),
    ("Fabrikam Energy", "group licence", "Proposal/Price Quote", "42000.00"),
    ("Northwind Holdings", "group renewal", "Negotiation/Review", "60000.00"),
    ("Contoso Manufacturing", "CRM seats", "Closed Won", "28800.00"),
    ("Globex Media", "ad sales desk", "Closed Lost", "7500.00"),
)

# subject, account, lines [(code, quantity, discount %)], approve
QUOTES: tuple[tuple[str, str, tuple[tuple[str, str, str], ...], bool], ...] = (
    (
        "Northwind Retail: CRM rollout",
        "Northwind Retail",
        (("DEMO-CRM-SEAT", "40", "10"), ("DEMO-ONBOARD", "16", "0")),
        True,
    ),
    (
        "Contoso Manufacturing: CRM seats",
        "Contoso Manufacturing",
        (("DEMO-CRM-SEAT", "60", "0"), ("DEMO-SUPPORT", "1", "0")),
        True,
    ),
    ("Fabrikam Energy: group licence", "Fabrikam Energy", (("DEMO-CRM-SEAT", "80", "15"),), False),
)
#: The quote revised once before approval (v2: more seats, a smaller discount).
REVISED = "Northwind Retail: CRM rollout"
REVISED_LINES = (("DEMO-CRM-SEAT", "50", "8"), ("DEMO-ONBOARD", "16", "0"))


def _products(api: Api) -> dict[str, dict[str, Any]]:
    found = {}
    for code, name, price, tax, unit in PRODUCTS:
        body = {
            "name": name,
            "unit_price": price,
            "currency": "EUR",
            "tax_percent": tax,
            "usage_unit": unit,
        }
        found[code] = api.ensure("products", f"{API}/products", {"code": code}, body, code=code)
    return found


def _leads(api: Api) -> dict[str, dict[str, Any]]:
    leads = {}
    rows = [(s, f, la, c, src, ind) for s, f, la, c, src, ind in LEADS]
    rows += [("Qualified", f, la, c, src, "Retail") for f, la, c, src, _ in CONVERTED]
    for status, first, last, company, source, industry in rows:
        email = f"{first}.{last}@{company.replace(' ', '').replace(chr(39), '')}.example".lower()
        body = {
            "first_name": first,
            "last_name": last,
            "company": company,
            "lead_source": source,
            "industry": industry,
            "lead_status": status,
        }
        if status == "Qualified":
            body["interest_level"] = "High"
        leads[company] = api.ensure("leads", f"{API}/leads", {"email": email}, body, email=email)
    for _, _, company, _, amount in CONVERTED:
        lead = leads[company]
        if not lead.get("converted"):
            opportunity = {
                "name": f"{company}: first order",
                "amount": amount,
                "currency": "EUR",
                "sales_stage": "Qualification",
            }
            api.post(f"{API}/leads/{lead['id']}/convert", {"opportunity": opportunity})
            api.created["lead conversions"] += 1
    return leads


def _opportunities(api: Api, accounts: dict[str, Any]) -> None:
    close = date.today() + timedelta(days=45)
    for account, topic, stage, amount in OPPORTUNITIES:
        name = f"{account}: {topic}"
        body = {
            **owner_of(api, account),
            "account_id": accounts[account]["id"],
            "sales_stage": stage,
            "amount": {"amount": amount, "currency": "EUR"},
            "expected_close_date": close.isoformat(),
            "opportunity_type": "New Business",
        }
        if stage == "Closed Lost":
            body["lost_reason"] = "Chose a competitor's bundle"
        api.ensure("opportunities", f"{API}/opportunities", {"name": name}, body, q=name)


def _lines(products: dict[str, Any], lines: tuple[tuple[str, str, str], ...]) -> list[Any]:
    return [
        {"product_id": products[code]["id"], "quantity": qty, "discount_percent": pct}
        for code, qty, pct in lines
    ]


def _quotes(api: Api, accounts: dict[str, Any], products: dict[str, Any]) -> dict[str, Any]:
    quotes = {}
    for subject, account, lines, approve in QUOTES:
        body = {
            "account_id": accounts[account]["id"],
            "currency": "EUR",
            "payment_terms": "Net 30 days",
            "lines": _lines(products, lines),
        }
        quote = api.ensure("quotes", f"{API}/quotes", {"subject": subject}, body, q=subject)
        if subject == REVISED and quote["quote_version"] == 1:
            quote = api.post(f"{API}/quotes/{quote['id']}/revise")
            quote = api.patch(
                f"{API}/quotes/{quote['id']}", {"lines": _lines(products, REVISED_LINES)}
            )
            api.created["quote revisions"] += 1
        if approve and quote["approval_status"] != "Approved":
            quote = api.post(f"{API}/quotes/{quote['id']}/approve")
        quotes[subject] = quote
    return quotes


def _orders(api: Api, quotes: dict[str, Any]) -> None:
    for quote in quotes.values():
        if quote["approval_status"] != "Approved":
            continue
        if api.find(f"{API}/sales-orders", {"quote_id": quote["id"]}, quote_id=quote["id"]):
            continue
        api.post(f"{API}/sales-orders", {"quote_id": quote["id"]})
        api.created["sales orders"] += 1


def load(api: Api, accounts: dict[str, Any]) -> dict[str, Any]:
    """Create what is missing; return the quotes by subject and the leads by company."""
    products = _products(api)
    leads = _leads(api)
    _opportunities(api, accounts)
    quotes = _quotes(api, accounts, products)
    _orders(api, quotes)
    return {"quotes": quotes, "leads": leads, "products": products}
