"""Billing's demo data: the approved quotes' invoices (made by billing from sales' events)
issued, one paid and one partly paid; an overdue invoice; a draft; a vendor and a PO."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from crm_ops.demo.client import Api, ApiError, eventually

API = "/api/billing/v1"

#: How much of each approved quote's invoice the customer has paid.
PAID_SHARE = {
    "Northwind Retail: CRM rollout": Decimal("1"),
    "Contoso Manufacturing: CRM seats": Decimal("0.4"),
}

# subject, account, description, quantity, unit price, days since invoiced (None: draft)
DIRECT: tuple[tuple[str, str, str, str, str, int | None], ...] = (
    ("Globex Media: newsroom consulting", "Globex Media", "Consulting day", "6", "950.00", 75),
    (
        "Tailspin Partners: partner enablement",
        "Tailspin Partners",
        "Enablement workshop",
        "2",
        "1200.00",
        None,
    ),
)


def _issue(api: Api, invoice: dict[str, Any]) -> dict[str, Any]:
    if invoice["status"] == "Created":
        api.created["invoices issued"] += 1
        return api.post(f"{API}/invoices/{invoice['id']}/approve")
    return invoice


def _pay(api: Api, invoice: dict[str, Any], share: Decimal) -> None:
    """Pay ``share`` of the total; ``client_reference`` makes a second run harmless."""
    amount = (Decimal(invoice["total"]) * share).quantize(Decimal("0.01"))
    reference = f"demo-{invoice['number']}"
    if api.find(f"{API}/payments", {"client_reference": reference}, client_reference=reference):
        return
    api.post(
        f"{API}/payments",
        {
            "account_id": invoice["account_id"],
            "amount": str(amount),
            "currency": invoice["currency"],
            "method": "Bank Transfer",
            "client_reference": reference,
            "allocations": [{"invoice_id": invoice["id"], "amount": str(amount)}],
        },
    )
    api.created["payments"] += 1


def _quoted(api: Api, quotes: dict[str, Any]) -> None:
    for subject, share in PAID_SHARE.items():
        quote_id = quotes[subject]["id"]

        def made(quote_id: str = quote_id) -> dict[str, Any] | None:
            found = api.get(f"{API}/invoices", quote_id=quote_id)["items"]
            return found[0] if found else None

        # Billing invoices an approved quote when sales' event arrives.
        invoice = _issue(api, eventually(made, f"the invoice of quote {subject}"))
        _pay(api, invoice, share)


def load_direct(api: Api, accounts: dict[str, Any]) -> None:
    """The invoices made by hand; run before any quote is approved (see ``_backdated``)."""
    for subject, account, what, qty, price, age in DIRECT:
        body: dict[str, Any] = {
            "account_id": accounts[account]["id"],
            "currency": "EUR",
            "lines": [
                {"description": what, "quantity": qty, "unit_price": price, "tax_percent": "19"}
            ],
        }
        path, match = f"{API}/invoices", {"subject": subject}
        invoice = api.find(path, match, account_id=accounts[account]["id"])
        if invoice is None:
            invoice = (
                _backdated(api, {**match, **body}, age)
                if age
                else api.post(path, {**match, **body})
            )
            api.created["invoices"] += 1
        if age is not None:
            _issue(api, invoice)


def _backdated(api: Api, body: dict[str, Any], age: int) -> dict[str, Any]:
    """Invoiced ``age`` days ago, due 30 days later: billing's overdue check marks it Overdue.

    Invoice numbers follow dates, so billing refuses a date before its newest invoice's
    (``load_direct`` runs first so a fresh billing has none). On a billing that already
    invoiced, the invoice takes the newest invoice's date and is due that day: overdue at
    once when that day is past, else (billing invoiced today) from tomorrow's check.
    """
    today = date.today()
    try:
        return api.post(f"{API}/invoices", {**body, **_dated(today - timedelta(days=age), 30)})
    except ApiError as exc:
        if "invoice_date" not in str(exc):
            raise
    day = _newest_invoice_date(api) or today
    return api.post(f"{API}/invoices", {**body, **_dated(min(day, today), 0)})


def _dated(day: date, due_in: int) -> dict[str, str]:
    return {"invoice_date": day.isoformat(), "due_date": (day + timedelta(days=due_in)).isoformat()}


def _newest_invoice_date(api: Api) -> date | None:
    """The earliest date billing lets a new invoice take: its newest (by number) invoice's,
    cancelled ones aside, as billing's own sequence check counts them."""
    page = api.get(f"{API}/invoices", sort="-number", limit=50)
    dates = [i["invoice_date"] for i in page["items"] if i["status"] != "Cancelled"]
    return date.fromisoformat(max(dates)) if dates else None


def _purchasing(api: Api) -> None:
    vendor = api.ensure(
        "vendors",
        f"{API}/vendors",
        {"name": "Contoso Hardware Supply"},
        {"email": "orders@contoso-supply.example"},
        q="Contoso Hardware Supply",
    )
    subject = "Demo laptops for onboarding trainers"
    api.ensure(
        "purchase orders",
        f"{API}/purchase-orders",
        {"subject": subject},
        {
            "vendor_id": vendor["id"],
            "currency": "EUR",
            "lines": [{"description": "Laptop", "quantity": "4", "unit_price": "1100.00"}],
        },
        vendor_id=vendor["id"],
    )


def load(api: Api, accounts: dict[str, Any], quotes: dict[str, Any]) -> None:
    """Issue and pay the quotes' invoices, and the purchasing side (after ``load_direct``)."""
    _quoted(api, quotes)
    _purchasing(api)
