"""The event bus: envelope, outbox/inbox tables, relay, topology, consumer, parking.

A service uses it like this::

    tables = add_event_tables(metadata)                 # adapters/tables.py
    outbox = Outbox("sales", tables)                    # bootstrap
    outbox.add(session, type="sales.lead.converted.v1", subject=lead_id, data=msg)
    run_worker(settings, db, incoming.handlers(app))   # worker role: {type: [on(fn), ...]}

and its first migration calls ``create_event_tables_v1(op)``.

Names are imported lazily (PEP 562), so ``crm-events`` starts without loading
SQLAlchemy and OpenTelemetry.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports
    from crm_chassis.events.consumer import Consumer
    from crm_chassis.events.dispatch import Handler, Handlers, topic_matches
    from crm_chassis.events.envelope import Envelope, MalformedEvent
    from crm_chassis.events.handlers import Delivery, EventHandler, Payload, on
    from crm_chassis.events.outbox import Outbox
    from crm_chassis.events.parking import ParkedMessage, ParkingLot
    from crm_chassis.events.relay import Relay
    from crm_chassis.events.schema import (
        EventTables,
        add_event_tables,
        create_event_tables_v1,
        drop_event_tables_v1,
    )
    from crm_chassis.events.worker import declare_topology, run_worker

_EXPORTS = {
    "Consumer": "consumer",
    "Envelope": "envelope",
    "EventTables": "schema",
    "Handler": "dispatch",
    "Handlers": "dispatch",
    "Delivery": "handlers",
    "EventHandler": "handlers",
    "Payload": "handlers",
    "on": "handlers",
    "MalformedEvent": "envelope",
    "Outbox": "outbox",
    "ParkedMessage": "parking",
    "ParkingLot": "parking",
    "Relay": "relay",
    "add_event_tables": "schema",
    "create_event_tables_v1": "schema",
    "drop_event_tables_v1": "schema",
    "run_worker": "worker",
    "declare_topology": "worker",
    "topic_matches": "dispatch",
}

__all__ = [
    "Consumer",
    "Delivery",
    "Envelope",
    "EventHandler",
    "EventTables",
    "Handler",
    "Handlers",
    "MalformedEvent",
    "Outbox",
    "ParkedMessage",
    "ParkingLot",
    "Payload",
    "Relay",
    "add_event_tables",
    "create_event_tables_v1",
    "declare_topology",
    "drop_event_tables_v1",
    "on",
    "run_worker",
    "topic_matches",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
