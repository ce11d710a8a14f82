"""Small factories for domain tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from crm_billing.domain.invoices import Invoice, InvoiceFields
from crm_billing.domain.lines import LineInput

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 1)


def invoice_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "account_id": str(uuid.uuid4()),
        "currency": "EUR",
        "invoice_date": "2026-03-01",
        "lines": [
            {"description": "Widget", "quantity": "3", "unit_price": "19.99", "tax_percent": "19"},
            {"description": "Setup", "quantity": "1", "unit_price": "100.00"},
        ],
    }
    fields.update(overrides)
    return fields


def lines(items: list[dict[str, Any]]) -> tuple[LineInput, ...]:
    """Lines as a client sends them (values unchecked: the domain checks them)."""
    return tuple(
        LineInput(**{"description": None, "quantity": None, "unit_price": None, **x}) for x in items
    )


def fields_of(raw: dict[str, Any]) -> tuple[InvoiceFields, dict[str, Any]]:
    """Invoice fields from a client-style dict, and the source facts (quote, total) apart."""
    raw = dict(raw)
    source = {k: raw.pop(k) for k in ("quote_id", "sales_order_id", "expected_total") if k in raw}
    return InvoiceFields(**{**raw, "lines": lines(raw.get("lines") or [])}), source


def create(**overrides: Any) -> Invoice:
    """A new draft invoice (what ``Invoice.create`` makes of the fields)."""
    fields, source = fields_of(invoice_fields(**overrides))
    return Invoice.create(
        id=uuid.uuid4(),
        number="INV-2026-000001",
        owner_id=uuid.uuid4(),
        now=NOW,
        today=TODAY,
        fields=fields,
        **source,
    )


def invoice(status: str = "Created", **overrides: Any) -> Invoice:
    inv = create(**overrides)
    if status != "Created":
        inv.transition("Approved", now=NOW, expected_version=None)
    if status == "Sent":
        inv.transition("Sent", now=NOW, expected_version=None)
    inv.events.clear()
    return inv


def d(text: str) -> Decimal:
    return Decimal(text)
