"""Other services' business events as the timeline reads them: a few common fields, tolerantly.

Whatever the producer's schema, the timeline looks for the same few facts (account, contact,
owner, number, amount, name, the record's id) under their customary names, at the top of the
payload or one message down (``opportunity.account_id``), top-level values first. A value
of an unexpected type is read as absent, never as a reason to refuse the event, and
unknown fields are ignored: a producer may change its payload without breaking this reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from uuid import UUID

from pydantic import BeforeValidator

from crm_chassis.events import Payload
from crm_contacts.domain.timeline import EventType, Facts


def _id(value: Any) -> UUID | None:
    if not isinstance(value, str | UUID) or value == "":
        return None
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _scalar(value: Any) -> str | int | float | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
        return None
    return value


def _name(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _money(value: Any) -> Any:
    if isinstance(value, Mapping):
        return value if _scalar(value.get("amount")) is not None else None
    scalar = _scalar(value)
    return None if scalar is None else {"amount": scalar}


def _message(value: Any) -> Any:
    return value if isinstance(value, Mapping) else None


Id = Annotated[UUID | None, BeforeValidator(_id)]
Scalar = Annotated[str | int | float | None, BeforeValidator(_scalar)]
Name = Annotated[str | None, BeforeValidator(_name)]


class MoneyValue(Payload):
    """An amount as a Money message (``{"amount", "currency"}``) or a bare number."""

    amount: Scalar = None
    currency: Scalar = None


Amount = Annotated[MoneyValue | None, BeforeValidator(_money)]
_AMOUNT_KEYS = ("grand_total", "total", "amount", "opportunity_amount", "balance_due", "balance")
_NAME_KEYS = ("name", "subject", "title", "opportunity_name")
_OWNER_KEYS = ("owner_id", "assigned_to", "assignee_id")


class Level(Payload):
    """The facts one level of a payload may carry."""

    id: Id = None
    account_id: Id = None
    existing_account_id: Id = None
    contact_id: Id = None
    owner_id: Id = None
    # Whom an escalation is for (support's SLA breach: the ticket owner's manager).
    manager_id: Id = None
    assigned_to: Id = None
    assignee_id: Id = None
    number: Scalar = None
    currency: Scalar = None
    name: Name = None
    subject: Name = None
    title: Name = None
    opportunity_name: Name = None
    grand_total: Amount = None
    total: Amount = None
    amount: Amount = None
    opportunity_amount: Amount = None
    balance_due: Amount = None
    balance: Amount = None
    # The record's own id, named after its aggregate (``invoice_id``).
    lead_id: Id = None
    opportunity_id: Id = None
    quote_id: Id = None
    order_id: Id = None
    sales_order_id: Id = None
    enquiry_id: Id = None
    invoice_id: Id = None
    payment_id: Id = None
    credit_note_id: Id = None
    ticket_id: Id = None
    feedback_id: Id = None
    campaign_id: Id = None
    mailing_id: Id = None
    member_id: Id = None
    response_id: Id = None

    def owner(self) -> UUID | None:
        return next((getattr(self, k) for k in _OWNER_KEYS if getattr(self, k)), None)

    def label(self) -> str | None:
        return next((getattr(self, k) for k in _NAME_KEYS if getattr(self, k)), None)

    def money(self) -> MoneyValue | None:
        return next((getattr(self, k) for k in _AMOUNT_KEYS if getattr(self, k)), None)

    def record_id(self, aggregate: str) -> UUID | None:
        value = getattr(self, f"{aggregate}_id", None)
        return value if isinstance(value, UUID) else None


Message = Annotated[Level | None, BeforeValidator(_message)]


class BusinessEvent(Level):
    """Any business event of another service, as its timeline entry and work rules read it."""

    # Messages one level down, in the order their facts are looked for.
    opportunity: Message = None
    quote: Message = None
    order: Message = None
    sales_order: Message = None
    enquiry: Message = None
    invoice: Message = None
    payment: Message = None
    credit_note: Message = None
    ticket: Message = None
    feedback: Message = None
    lead: Message = None
    campaign: Message = None
    mailing: Message = None
    member: Message = None
    response: Message = None
    account: Message = None
    contact: Message = None
    # Shown on the entry as they are (top level only).
    status: Scalar = None
    sales_stage: Scalar = None
    previous_stage: Scalar = None
    lost_reason: Scalar = None
    priority: Scalar = None
    severity: Scalar = None
    due_date: Scalar = None
    quote_number: Scalar = None

    def levels(self) -> list[Level]:
        """This level first, then each message one level down."""
        nested = (getattr(self, name) for name in _MESSAGES)
        return [self, *(level for level in nested if level is not None)]

    def facts(self, kind: EventType, subject: str) -> Facts:
        """The timeline's facts (see the module docstring); the subject names the record
        when nothing else does."""
        levels = self.levels()

        def first(read: Any) -> Any:
            return next((found for level in levels if (found := read(level)) is not None), None)

        money = first(Level.money)
        record = first(lambda level: level.record_id(kind.aggregate))
        nested_id = next((level.id for level in levels[1:] if level.id is not None), None)
        return Facts(
            record_id=record or nested_id or _id(subject),
            account_id=first(lambda level: level.account_id or level.existing_account_id),
            contact_id=first(lambda level: level.contact_id),
            owner_id=first(Level.owner),
            manager_id=first(lambda level: level.manager_id),
            number=_text(first(lambda level: level.number)),
            name=_text(first(Level.label)),
            amount=_text(money.amount if money else None, 40),
            currency=_text(first(lambda level: level.currency or _currency(level)), 3),
        )

    def shown(self) -> dict[str, str | int]:
        """The top-level values worth keeping on an entry (small, for display)."""
        values = {k: getattr(self, k) for k in _SHOWN}
        return {k: v for k, v in values.items() if isinstance(v, str | int)}


_MESSAGES = (
    "opportunity",
    "quote",
    "order",
    "sales_order",
    "enquiry",
    "invoice",
    "payment",
    "credit_note",
    "ticket",
    "feedback",
    "lead",
    "campaign",
    "mailing",
    "member",
    "response",
    "account",
    "contact",
)
_SHOWN = (
    "name",
    "status",
    "sales_stage",
    "previous_stage",
    "lost_reason",
    "priority",
    "severity",
    "currency",
    "due_date",
    "number",
    "quote_number",
)


def _currency(level: Level) -> Any:
    money = level.money()
    return money.currency if money else None


def _text(value: Any, limit: int = 255) -> str | None:
    return None if value is None else str(value)[:limit]
