"""Consumers of other services' business events: the customer timeline and follow-up tasks.

Handlers are keyed by topic pattern, so event types that do not exist yet (support, the rest
of billing and marketing) are handled the day their producers start publishing. Payloads
are read tolerantly: when the producer's protobuf message is known here (generated modules
under ``crm.<service>.v1.events_pb2``, found by the naming convention type
``billing.invoice.overdue.v1`` -> message ``crm.billing.v1.InvoiceOverdue``), the payload is
normalised through it (JSON names, defaults); otherwise the raw JSON is read as is. Either
way only the few fields the timeline needs are looked for (:mod:`crm_contacts.domain.timeline`).

Exactly once: the chassis consumer writes an inbox row per (event id, handler key) in the
same transaction, and the timeline keeps one entry and at most one task per event id.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict, ParseError
from sqlalchemy.orm import Session

from crm_chassis.events.envelope import Envelope
from crm_contacts.service.timeline import Incoming, create_follow_up, record_event

#: Events that belong on a customer's timeline. Keys must not overlap one another (each
#: matching key runs its handler), and stay stable: the key names the handler in the inbox.
TIMELINE_TOPICS: tuple[str, ...] = (
    # part A's account/contact creation owns "sales.lead.converted.v1"; a pattern key lets
    # both handlers run on the same event, each with its own inbox row.
    "sales.lead.converted.*",
    "sales.opportunity.*.v1",
    "sales.quote.approved.v1",
    "sales.order.created.v1",
    "billing.invoice.*.v1",
    "billing.payment.received.v1",
    "billing.credit_note.issued.v1",
    "support.ticket.*.v1",
    "support.feedback.received.v1",
    "marketing.*.*.v1",
)
#: Events that call for work (a task for the right owner); they may also be on a timeline.
WORK_TOPICS: tuple[str, ...] = (
    "sales.lead.stale.v1",
    "sales.lead.staled.v1",
    "billing.invoice.overdue.*",
    # SLA breach event names are support's to choose; the rule looks for "breach".
    "support.#",
)


@lru_cache(maxsize=256)
def _message_class(event_type: str) -> Any:
    parts = event_type.split(".")
    if len(parts) != 4:
        return None
    service, aggregate, event, version = parts
    try:
        importlib.import_module(f"crm.{service}.{version}.events_pb2")
    except ImportError:
        return None
    name = "".join(w.capitalize() for w in f"{aggregate}_{event}".split("_"))
    try:
        descriptor = descriptor_pool.Default().FindMessageTypeByName(
            f"crm.{service}.{version}.{name}"
        )
    except KeyError:
        return None
    return message_factory.GetMessageClass(descriptor)


def payload(envelope: Envelope) -> dict[str, Any]:
    """The event's payload with snake_case field names (see the module docstring)."""
    cls = _message_class(envelope.type)
    if cls is None:
        return dict(envelope.data)
    try:
        message = ParseDict(envelope.data, cls(), ignore_unknown_fields=True)
    except (ParseError, TypeError, ValueError):
        # A producer ahead of our copy of its schema: read the raw JSON instead.
        return dict(envelope.data)
    normalised = MessageToDict(message, preserving_proto_field_name=True)
    return {**envelope.data, **normalised}


def _incoming(envelope: Envelope) -> Incoming:
    return Incoming(
        id=envelope.id,
        type=envelope.type,
        source=envelope.source,
        time=envelope.time,
        subject=envelope.subject,
        data=payload(envelope),
    )


def on_timeline_event(session: Session, envelope: Envelope) -> None:
    """Any business event of another service: an entry on its account/contact timeline."""
    record_event(session, _incoming(envelope))


def on_work_event(session: Session, envelope: Envelope) -> None:
    """A stale lead, an SLA breach, an overdue invoice: a task for the right owner."""
    create_follow_up(session, _incoming(envelope))


HANDLERS: dict[str, Callable[[Session, Envelope], None]] = {
    **{topic: on_timeline_event for topic in TIMELINE_TOPICS},
    **{topic: on_work_event for topic in WORK_TOPICS},
}
