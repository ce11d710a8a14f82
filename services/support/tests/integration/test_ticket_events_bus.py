"""Ticket events on a real RabbitMQ (a throwaway vhost): an opened ticket reaches the bus,
and contacts' account merge re-points tickets in the worker."""

from __future__ import annotations

import uuid

import pytest

from crm.contacts.v1 import contacts_pb2 as records
from crm.contacts.v1 import events_pb2 as contacts
from crm_chassis.auth.principal import Principal
from crm_chassis.events.envelope import Envelope
from crm_chassis.testing.bus import BusTap, publish, running_worker, wait_until
from crm_support.adapters.tables import event_tables
from crm_support.domain.commands import OpenTicket
from crm_support.domain.tickets import TicketFields
from crm_support.events.incoming import ACCOUNT_MERGED, handlers

ADMIN = Principal(subject=str(uuid.uuid4()), roles=("admin",))


@pytest.fixture
def worker(service, settings, amqp_vhost_url):
    on_bus = settings.model_copy(update={"amqp_url": amqp_vhost_url})
    with running_worker(
        on_bus,
        service.db,
        handlers(service),
        tables=event_tables,
        retry_delays=[1],
        relay_poll_seconds=0.05,
    ) as worker_settings:
        yield worker_settings


def _open(service, account_id):
    fields = TicketFields(title="Jammed", account_id=account_id)
    return service.run(OpenTicket(fields, frozenset({"title", "account_id"})), caller=ADMIN)


def test_an_opened_ticket_is_published(service, worker, references):
    account = references.account()
    with BusTap(worker.amqp_url, ["support.ticket.#"], exchange=worker.events_exchange) as tap:
        ticket = _open(service, account)
        received = tap.next()
    assert (received.type, received.subject) == ("support.ticket.opened.v1", str(ticket.id))
    assert received.data["ticket"]["number"] == ticket.number
    assert received.data["ticket"]["account_id"] == str(account)


def test_a_merged_account_re_points_tickets_through_the_worker(service, worker, references):
    old, survivor = references.account(), references.account()
    ticket = _open(service, old)
    data = contacts.AccountMerged(
        surviving_account=records.Account(id=str(survivor), name="Survivor"),
        merged_account_ids=[str(old)],
    )
    event = Envelope.build(type=ACCOUNT_MERGED, source="contacts", subject=str(survivor), data=data)
    publish(worker.amqp_url, event, exchange=worker.events_exchange)
    wait_until(lambda: service.queries.get(ADMIN, ticket.id).account_id == survivor)
