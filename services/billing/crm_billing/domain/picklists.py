"""The fixed choices billing's documents offer (payment terms, payment methods)."""

from __future__ import annotations

#: Payment terms and the days to the due date they give.
PAYMENT_TERMS: dict[str, int] = {"Net 30 days": 30, "Net 45 days": 45, "Net 60 days": 60}
DEFAULT_TERMS = "Net 30 days"

PAYMENT_METHODS = ("Bank Transfer", "Cash", "Cheque", "Credit Card", "Direct Debit", "Other")
DEFAULT_METHOD = "Bank Transfer"
