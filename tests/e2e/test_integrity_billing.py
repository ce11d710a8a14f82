"""The issue's billing cases through the gateway, with the real services and RabbitMQ:

1. a revised and re-approved quote leaves one open invoice (the earlier draft is cancelled);
9. an unknown account_id on invoices and payments is 422 naming the field;
12. a part-paid invoice cannot be cancelled (409 naming the allowed next statuses);
14. the invoice PDF's "Bill to" names the customer;
16. a credit note reaches the account's timeline;
18. a backdated invoice never takes a number after a later-dated one (422 on invoice_date).

Runs on the session suite (identity, contacts, sales, billing).
"""

from __future__ import annotations

import io
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pypdf
import pytest
import requests

BILLING = "/api/billing/v1"
SALES = "/api/sales/v1"
CONTACTS = "/api/contacts/v1"


def eventually(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


def _post(gw: str, path: str, headers: dict, body: Any = None) -> requests.Response:
    return requests.post(f"{gw}{path}", json=body or {}, headers=headers, timeout=15)


def _get(gw: str, path: str, headers: dict, **params: Any) -> requests.Response:
    return requests.get(f"{gw}{path}", params=params, headers=headers, timeout=15)


def _invoices_of_quote(gw: str, admin: dict, quote_id: str) -> list[dict]:
    resp = _get(gw, f"{BILLING}/invoices", admin, quote_id=quote_id)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


def _pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(scope="module")
def account(suite: Any, gw: str, admin: dict) -> dict:
    name = f"Alpha Corp {uuid.uuid4().hex[:6]}"
    resp = _post(gw, f"{CONTACTS}/accounts", admin, {"name": name})
    assert resp.status_code == 201, resp.text
    return resp.json()


@pytest.fixture(scope="module")
def product(gw: str, admin: dict) -> dict:
    body = {
        "code": f"INT-{uuid.uuid4().hex[:6]}",
        "name": "Integrity meter",
        "unit_price": "100.00",
        "currency": "EUR",
    }
    resp = _post(gw, f"{SALES}/products", admin, body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def _invoice(gw: str, admin: dict, account_id: str, **extra: Any) -> requests.Response:
    body = {
        "account_id": account_id,
        "currency": "EUR",
        "lines": [{"description": "Consulting", "quantity": "2", "unit_price": "150.00"}],
        **extra,
    }
    return _post(gw, f"{BILLING}/invoices", admin, body)


def test_case_1_a_revision_leaves_one_open_invoice(
    gw: str, admin: dict, account: dict, product: dict
) -> None:
    lines = [{"product_id": product["id"], "quantity": 1}]
    v1 = _post(gw, f"{SALES}/quotes", admin, {"account_id": account["id"], "lines": lines})
    assert v1.status_code == 201, v1.text
    v1_id = v1.json()["id"]
    assert _post(gw, f"{SALES}/quotes/{v1_id}/approve", admin).status_code == 200
    [first] = eventually(lambda: _invoices_of_quote(gw, admin, v1_id))
    assert first["status"] == "Created"

    v2 = _post(gw, f"{SALES}/quotes/{v1_id}/revise", admin)
    assert v2.status_code == 201, v2.text
    v2_id = v2.json()["id"]
    patched = requests.patch(
        f"{gw}{SALES}/quotes/{v2_id}",
        json={"lines": [{"product_id": product["id"], "quantity": 3}]},
        headers=admin,
        timeout=15,
    )
    assert patched.status_code == 200, patched.text
    assert _post(gw, f"{SALES}/quotes/{v2_id}/approve", admin).status_code == 200
    [second] = eventually(lambda: _invoices_of_quote(gw, admin, v2_id))

    old = _get(gw, f"{BILLING}/invoices/{first['id']}", admin).json()
    assert old["status"] == "Cancelled"
    assert old["superseded_by_quote_id"] == v2_id
    assert old["status_reason"].startswith("Superseded by quote")
    family = [old, _get(gw, f"{BILLING}/invoices/{second['id']}", admin).json()]
    assert [i["status"] for i in family if i["status"] != "Cancelled"] == ["Created"]
    assert second["total"] == patched.json()["grand_total"] != first["total"]


def test_case_9_unknown_accounts_are_refused(gw: str, admin: dict) -> None:
    stranger = str(uuid.uuid4())
    invoice = _invoice(gw, admin, stranger)
    assert invoice.status_code == 422, invoice.text
    assert invoice.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in invoice.json()["errors"]] == ["account_id"]
    payment = _post(
        gw,
        f"{BILLING}/payments",
        admin,
        {"account_id": stranger, "amount": "10.00", "currency": "EUR"},
    )
    assert payment.status_code == 422, payment.text
    assert [e["field"] for e in payment.json()["errors"]] == ["account_id"]
    listed = _get(gw, f"{BILLING}/invoices", admin, account_id=stranger).json()
    assert listed["items"] == []


def test_case_12_a_part_paid_invoice_is_not_cancelled(gw: str, admin: dict, account: dict) -> None:
    invoice = _invoice(gw, admin, account["id"]).json()
    assert _post(gw, f"{BILLING}/invoices/{invoice['id']}/approve", admin).status_code == 200
    paid = _post(
        gw,
        f"{BILLING}/payments",
        admin,
        {
            "account_id": account["id"],
            "amount": "50.00",
            "currency": "EUR",
            "allocations": [{"invoice_id": invoice["id"]}],
        },
    )
    assert paid.status_code == 201, paid.text
    cancel = _post(gw, f"{BILLING}/invoices/{invoice['id']}/cancel", admin)
    assert cancel.status_code == 409, cancel.text
    assert cancel.json()["current_status"] == "Partially Paid"
    assert cancel.json()["allowed_next"] == []
    # Settle it, so no open invoice is left for other tests' overdue checks.
    rest = {"account_id": account["id"], "amount": "250.00", "currency": "EUR"}
    rest["allocations"] = [{"invoice_id": invoice["id"]}]
    assert _post(gw, f"{BILLING}/payments", admin, rest).status_code == 201


def test_case_14_the_pdf_names_the_customer(
    gw: str, admin: dict, account: dict, product: dict
) -> None:
    invoice = _invoice(gw, admin, account["id"]).json()
    assert invoice["account_name"] == account["name"]
    pdf = _get(gw, f"{BILLING}/invoices/{invoice['id']}/pdf", admin)
    assert pdf.status_code == 200
    assert account["name"] in _pdf_text(pdf.content)
    # An invoice made from a quote (by the worker) names the customer too.
    lines = [{"product_id": product["id"], "quantity": 2}]
    quote = _post(gw, f"{SALES}/quotes", admin, {"account_id": account["id"], "lines": lines})
    assert _post(gw, f"{SALES}/quotes/{quote.json()['id']}/approve", admin).status_code == 200
    [from_quote] = eventually(lambda: _invoices_of_quote(gw, admin, quote.json()["id"]))
    pdf = _get(gw, f"{BILLING}/invoices/{from_quote['id']}/pdf", admin)
    assert account["name"] in _pdf_text(pdf.content)


def test_case_16_a_credit_note_reaches_the_timeline(gw: str, admin: dict, account: dict) -> None:
    invoice = _invoice(gw, admin, account["id"]).json()
    assert _post(gw, f"{BILLING}/invoices/{invoice['id']}/approve", admin).status_code == 200
    note = _post(
        gw,
        f"{BILLING}/credit-notes",
        admin,
        # The whole invoice, so no open invoice is left for other tests' overdue checks.
        {"invoice_id": invoice["id"], "amount": "300.00", "reason": "damaged"},
    )
    assert note.status_code == 201, note.text

    def on_timeline() -> list[dict]:
        items = _get(gw, f"{CONTACTS}/accounts/{account['id']}/timeline", admin).json()["items"]
        return [e for e in items if e["event_type"] == "billing.credit_note.issued.v1"]

    [entry] = eventually(on_timeline)
    assert entry["record_id"] == note.json()["id"]


def test_case_18_a_backdated_invoice_is_refused(gw: str, admin: dict, account: dict) -> None:
    today = datetime.now(UTC).date()
    first = _invoice(gw, admin, account["id"], invoice_date=today.isoformat())
    assert first.status_code == 201, first.text
    backdated = _invoice(
        gw, admin, account["id"], invoice_date=(today - timedelta(days=10)).isoformat()
    )
    assert backdated.status_code == 422, backdated.text
    assert [e["field"] for e in backdated.json()["errors"]] == ["invoice_date"]
    second = _invoice(gw, admin, account["id"], invoice_date=today.isoformat()).json()
    assert second["number"] > first.json()["number"]
