"""The event bus: envelope, outbox/inbox tables, relay, topology, consumer, parking.

A service uses it like this::

    tables = add_event_tables(metadata)                 # adapters/tables.py
    outbox = Outbox("sales", tables)                    # bootstrap
    outbox.add(session, type="sales.lead.converted.v1", subject=lead_id, data=msg)
    run_worker(settings, db, {"sales.quote.approved.v1": on_quote_approved})  # worker role

and its first migration calls ``create_event_tables_v1(op)``.
"""

from crm_chassis.events.consumer import Consumer
from crm_chassis.events.dispatch import Handler, topic_matches
from crm_chassis.events.envelope import Envelope, MalformedEvent
from crm_chassis.events.outbox import Outbox
from crm_chassis.events.parking import ParkedMessage, ParkingLot
from crm_chassis.events.relay import Relay
from crm_chassis.events.schema import (
    EventTables,
    add_event_tables,
    create_event_tables_v1,
    drop_event_tables_v1,
)
from crm_chassis.events.worker import run_worker

__all__ = [
    "Consumer",
    "Envelope",
    "EventTables",
    "Handler",
    "MalformedEvent",
    "Outbox",
    "ParkedMessage",
    "ParkingLot",
    "Relay",
    "add_event_tables",
    "create_event_tables_v1",
    "drop_event_tables_v1",
    "run_worker",
    "topic_matches",
]
