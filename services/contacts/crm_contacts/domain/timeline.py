"""The customer timeline: what other services tell us happened, per account and contact.

Events are read as a tolerant reader: whatever the producer's schema, we look for the few
facts a timeline needs (account, contact, owner, number, amount, name) by their customary
field names, at the top of the payload or one message down (``opportunity.account_id``).
Unknown fields are ignored, missing ones leave the entry plainer, never broken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

#: The aggregate word of an event type -> the access module of its records.
MODULES: dict[str, str] = {
    "lead": "leads",
    "opportunity": "opportunities",
    "quote": "quotes",
    "order": "sales_orders",
    "sales_order": "sales_orders",
    "enquiry": "enquiries",
    "invoice": "invoices",
    "payment": "payments",
    "credit_note": "credit_notes",
    "ticket": "tickets",
    "feedback": "tickets",
    "campaign": "campaigns",
    "mailing": "campaigns",
    "member": "campaigns",
    "response": "campaigns",
}
_AMOUNT_KEYS = ("grand_total", "total", "amount", "opportunity_amount", "balance_due", "balance")
_NAME_KEYS = ("name", "subject", "title", "opportunity_name")
_OWNER_KEYS = ("owner_id", "assigned_to", "assignee_id")
_MAX_DEPTH = 2


@dataclass(frozen=True)
class EventType:
    """``<service>.<aggregate>.<event>.v<N>`` taken apart."""

    service: str
    aggregate: str
    event: str
    version: str

    @classmethod
    def parse(cls, text: str) -> EventType:
        parts = text.split(".")
        if len(parts) < 4:
            return cls(parts[0], parts[1] if len(parts) > 1 else "", "", parts[-1])
        return cls(parts[0], ".".join(parts[1:-2]), parts[-2], parts[-1])

    @property
    def module(self) -> str:
        return MODULES.get(self.aggregate, f"{self.aggregate}s")

    @property
    def label(self) -> str:
        """ "Opportunity stage changed", "Invoice overdue"."""
        words = f"{self.aggregate} {self.event}".replace("_", " ").strip()
        return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Facts:
    """What the timeline (and the work rules) read from one event's payload."""

    record_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    owner_id: UUID | None = None
    number: str | None = None
    name: str | None = None
    amount: str | None = None
    currency: str | None = None


def read_facts(kind: EventType, subject: str, data: Mapping[str, Any]) -> Facts:
    """Find the timeline's facts in a payload (see the module docstring)."""
    found: dict[str, Any] = {}
    _scan(data, found, 0)
    record_key = f"{kind.aggregate}_id"
    record = _uuid(data.get(record_key)) or _uuid(found.get(record_key))
    if record is None:
        record = _uuid(found.get("__nested_id")) or _uuid(subject)
    amount, currency = found.get("amount"), found.get("currency")
    return Facts(
        record_id=record,
        account_id=_uuid(found.get("account_id")) or _uuid(found.get("existing_account_id")),
        contact_id=_uuid(found.get("contact_id")),
        owner_id=_uuid(found.get("owner_id")),
        number=_short(found.get("number")),
        name=_short(found.get("name")),
        amount=_short(amount, 40),
        currency=_short(currency, 3),
    )


def _scan(data: Mapping[str, Any], found: dict[str, Any], depth: int) -> None:
    # Top-level values win over nested ones: scan this level fully before descending.
    for key in ("account_id", "existing_account_id", "contact_id", "number", "currency"):
        if key not in found and _present(data.get(key)):
            found[key] = data[key]
    for key in _OWNER_KEYS:
        if "owner_id" not in found and _present(data.get(key)):
            found["owner_id"] = data[key]
    for key in _NAME_KEYS:
        if "name" not in found and isinstance(data.get(key), str) and data[key].strip():
            found["name"] = data[key]
    for key in _AMOUNT_KEYS:
        value = data.get(key)
        if "amount" in found or not _present(value):
            continue
        if isinstance(value, Mapping):  # a Money message: {"amount", "currency"}
            if _present(value.get("amount")):
                found["amount"] = value["amount"]
                if "currency" not in found and _present(value.get("currency")):
                    found["currency"] = value["currency"]
        elif isinstance(value, (str, int, float)):
            found["amount"] = str(value)
    for key, value in data.items():
        if key.endswith("_id") and key not in found and isinstance(value, str) and value:
            found[key] = value
    if depth >= _MAX_DEPTH:
        return
    for value in data.values():
        if isinstance(value, Mapping):
            if "__nested_id" not in found and _present(value.get("id")):
                found["__nested_id"] = value["id"]
            _scan(value, found, depth + 1)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != {}


def _uuid(value: Any) -> UUID | None:
    if value is None or value == "":
        return None
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _short(value: Any, limit: int = 255) -> str | None:
    if value is None or value == "":
        return None
    return str(value)[:limit]


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the timelines of an account and/or a contact."""

    id: UUID
    event_id: str
    event_type: str
    source: str
    occurred_at: datetime
    module: str
    summary: str
    account_id: UUID | None = None
    contact_id: UUID | None = None
    record_id: UUID | None = None
    owner_id: UUID | None = None
    number: str | None = None
    amount: str | None = None
    currency: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def placed(self) -> bool:
        """An entry needs an account or a contact to appear on any timeline."""
        return self.account_id is not None or self.contact_id is not None


def summarise(kind: EventType, facts: Facts) -> str:
    """ "Invoice overdue INV-2026-000012 (1200.00 EUR)"; "Opportunity won Big deal"."""
    text = kind.label
    what = facts.number or facts.name
    if what:
        text += f" {what}"
    if facts.amount:
        text += f" ({facts.amount}{' ' + facts.currency if facts.currency else ''})"
    return text[:500]


# -- events that call for work -----------------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    """A task an event asks for; ``owner`` says whose: the record's owner or the account's."""

    title: str
    priority: str
    related_type: str
    owner: str  # "record" | "account"
    description: str


def follow_up_for(kind: EventType, facts: Facts) -> FollowUp | None:
    """Return the task an event calls for, or None (most events call for none)."""
    what = facts.number or facts.name or (str(facts.record_id) if facts.record_id else "")
    if kind.service == "sales" and kind.aggregate == "lead" and kind.event in ("stale", "staled"):
        return FollowUp(
            f"Follow up stale lead {what}".strip(),
            "High",
            "lead",
            "record",
            "The lead was not touched for too long; contact it or qualify it out.",
        )
    if kind.service == "billing" and kind.aggregate == "invoice" and kind.event == "overdue":
        return FollowUp(
            f"Chase overdue invoice {what}".strip(),
            "High",
            "invoice",
            "account",
            "The invoice is past its due date; remind the customer.",
        )
    if kind.service == "support" and "breach" in kind.event:
        return FollowUp(
            f"SLA breached on ticket {what}".strip(),
            "High",
            "ticket",
            "record",
            "The ticket missed its service level; respond now.",
        )
    return None
