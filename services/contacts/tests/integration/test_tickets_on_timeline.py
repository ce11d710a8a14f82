"""Support's ticket events on the account timeline: one entry per event type, summarised by
the ticket's number, placed by the ticket's account, and as the caller's field access allows
(issue 13: the timeline shows ticket events; hidden fields stay hidden)."""

from __future__ import annotations

import uuid

import pytest

from crm.support.v1 import events_pb2 as support
from crm.support.v1 import tickets_pb2
from crm_chassis.events.consumer import Consumer
from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"
NUMBER = "TT-2026-000042"


@pytest.fixture
def deliver(service):
    consumer = Consumer(
        "contacts", service.db, "amqp://unused", handlers=handlers(service), tables=event_tables
    )

    def run(kind: str, data) -> None:
        envelope = Envelope.build(type=kind, source="support", subject=str(uuid.uuid4()), data=data)
        outcome = consumer._process(0, None, envelope.body())
        assert outcome.action == "ack", outcome.error

    return run


@pytest.fixture
def ticket_life(org, create_account, deliver):
    account = create_account(name="Quietwind", owner_id=str(org.north))
    ticket = tickets_pb2.Ticket(
        id=str(uuid.uuid4()),
        number=NUMBER,
        title="Secret outage",
        account_id=account["id"],
        status="Open",
        owner_id=str(org.north),
        owner_kind="user",
    )
    deliver("support.ticket.opened.v1", support.TicketOpened(ticket=ticket))
    ticket.status = "In Progress"
    deliver(
        "support.ticket.status_changed.v1",
        support.TicketStatusChanged(ticket=ticket, from_status="Open", to_status="In Progress"),
    )
    ticket.status = "Closed"
    deliver("support.ticket.closed.v1", support.TicketClosed(ticket=ticket))
    return account


def _tickets(client, headers, account):
    response = client.get(f"{API}/accounts/{account['id']}/timeline", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [e for e in response.get_json()["items"] if e["module"] == "tickets"]


def test_each_ticket_event_is_an_entry_named_by_its_number(client, org, ticket_life):
    org.save(other_fields={"tickets": {}})
    entries = _tickets(client, org.headers(org.north), ticket_life)
    assert sorted(e["summary"] for e in entries) == sorted(
        [
            f"Ticket opened {NUMBER}",
            f"Ticket status changed {NUMBER}",
            f"Ticket closed {NUMBER}",
        ]
    )
    assert {e["number"] for e in entries} == {NUMBER}


def test_a_hidden_ticket_number_and_title_never_show(client, org, ticket_life):
    org.save(other_fields={"tickets": {"number": "hidden", "title": "hidden"}})
    entries = _tickets(client, org.headers(org.north), ticket_life)
    assert len(entries) == 3
    assert NUMBER not in str(entries) and "Secret outage" not in str(entries)
    assert {e["summary"] for e in entries} == {
        "Ticket opened",
        "Ticket status changed",
        "Ticket closed",
    }


def test_a_caller_without_tickets_sees_no_ticket_entries(client, org, ticket_life):
    org.save()
    assert _tickets(client, org.headers(org.north), ticket_life) == []
