"""The customer timeline: what other services tell us happened, per account and contact.

An event's :class:`Facts` (read tolerantly from its payload by
:mod:`crm_contacts.events.business_events`) make its entry and, for a few kinds of event,
a follow-up task. Missing facts leave the entry plainer, never broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
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
    # contacts' own activities (their entries show to who may see the activity's owner's)
    "contact": "contacts",
    "task": "tasks",
    "event": "events",
    "note": "notes",
}


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
    # Whom the event escalates to (an SLA breach: the ticket owner's manager).
    manager_id: UUID | None = None


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
    data: dict[str, str | int] = field(default_factory=dict)

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
    owner: str  # "record" | "account" | "manager" (the record owner's manager)
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
    if kind.service == "support" and kind.aggregate == "contract" and kind.event == "review_due":
        # Related to the contract's account: tasks cannot point at support's contracts.
        return FollowUp(
            f"Review service contract {what}".strip(),
            "Medium",
            "account",
            "record",
            "The service contract's review date is near: renew it, change it or let it end.",
        )
    if kind.service == "support" and "breach" in kind.event:
        return FollowUp(
            f"SLA breached on ticket {what}".strip(),
            "High",
            "ticket",
            "manager",
            "The ticket missed its service level; respond now.",
        )
    return None


# -- an entry as one caller may see it ----------------------------------------------------------

#: Record fields an entry's amount may come from (any of them hidden hides the amount).
AMOUNT_FIELDS = frozenset(
    {"amount", "grand_total", "total", "sub_total", "opportunity_amount", "balance_due", "balance"}
)
#: Record fields an entry's name or number may come from (a person's name, a lead's or a
#: contact's, is made of its first and last name: either hidden hides the name).
NAME_FIELDS = frozenset(
    {"name", "subject", "title", "opportunity_name", "first_name", "last_name", "full_name"}
)
NUMBER_FIELDS = frozenset({"number", "quote_number", "invoice_number", "order_number"})
#: Values kept in ``data`` that repeat the name or the number under a key of their own.
NAME_DATA = frozenset({"name", "opportunity_name", "subject", "title", "full_name"})
#: Contacts' own entries (tasks, calls/meetings, notes) quote these after a colon.
OWN_SOURCE = "contacts"
OWN_TEXT_FIELDS = frozenset({"title", "body"})


def as_seen(entry: TimelineEntry, hidden: frozenset[str]) -> TimelineEntry:
    """``entry`` without what the caller's hidden fields (of the entry's module) would show:
    the amount (and the summary's "(1200.00 EUR)"), the name or number in the summary, the
    values kept in ``data``, and hidden field names in an "updated: ..." summary."""
    if not hidden:
        return entry
    dropped = set(hidden)
    if hidden & NAME_FIELDS:
        dropped |= NAME_DATA
    if hidden & NUMBER_FIELDS:
        dropped |= NUMBER_FIELDS
    data = {k: v for k, v in entry.data.items() if k not in dropped}
    if "changed_fields" in entry.data:
        return replace(entry, **_changed_fields_seen(entry, hidden, data))
    if entry.source == OWN_SOURCE and ": " in entry.summary and hidden & OWN_TEXT_FIELDS:
        # "Task opened: <title>", "Note: <body>": the text after the colon is the field's.
        return replace(entry, summary=entry.summary.split(": ", 1)[0], data=data)
    amount_hidden = bool(hidden & AMOUNT_FIELDS)
    label, what, money = _summary_parts(entry)
    if what and what == entry.number and hidden & NUMBER_FIELDS:
        what = ""
    elif what and what != entry.number and hidden & NAME_FIELDS:
        what = ""
    summary = label + (f" {what}" if what else "") + ("" if amount_hidden else money)
    return replace(
        entry,
        summary=summary[:500],
        data=data,
        number=None if hidden & NUMBER_FIELDS else entry.number,
        amount=None if amount_hidden else entry.amount,
        currency=None if amount_hidden else entry.currency,
    )


def _summary_parts(entry: TimelineEntry) -> tuple[str, str, str]:
    """(label, name or number, " (amount currency)") of a summary :func:`summarise` made."""
    text = entry.summary
    money = ""
    if entry.amount:
        at = text.rfind(f" ({entry.amount}")
        if at >= 0:
            text, money = text[:at], text[at:]
    label = EventType.parse(entry.event_type).label
    if not text.startswith(label):
        # Not a summary of ours: keep the text, drop only a hidden amount.
        return text, "", money
    return label, text[len(label) :].strip(), money


def _changed_fields_seen(
    entry: TimelineEntry, hidden: frozenset[str], data: dict[str, str | int]
) -> dict[str, object]:
    names = [n.strip() for n in str(entry.data["changed_fields"]).split(",")]
    shown = ", ".join(n for n in names if n and n not in hidden) or "other fields"
    head = entry.summary.rsplit(": ", 1)[0] if ": " in entry.summary else entry.summary
    if hidden & NAME_FIELDS:
        # "Contact Ada Lovelace updated" names the record: with its name hidden the heading
        # is the event's label alone ("Contact updated").
        head = EventType.parse(entry.event_type).label
    return {"summary": f"{head}: {shown}"[:500], "data": {**data, "changed_fields": shown}}
