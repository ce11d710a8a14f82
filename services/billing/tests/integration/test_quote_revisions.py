"""Case 1 (billing side): approving a revision of a quote supersedes the earlier version's
invoice, so one quote family never has two open invoices (published events, real worker)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from crm_billing.adapters.tables import invoices
from crm_chassis.events.envelope import Envelope
from crm_chassis.testing.bus import publish, wait_until
from tests.conftest import API

from .test_sales_events import bus_url, quote_approved, worker  # noqa: F401 - fixtures

NUMBER = "QUO-2026-000777"


def _approve(bus_url, worker, quote_id, version, superseded, account_id, owner):  # noqa: F811
    msg = quote_approved(quote_id, account_id, owner)
    msg.number, msg.version = NUMBER, version
    msg.superseded_quote_ids.extend(superseded)
    envelope = Envelope.build(
        type="sales.quote.approved.v1", source="sales", subject=quote_id, data=msg
    )
    publish(bus_url, envelope, exchange=worker.events_exchange)


def _family(service):
    with service.db.reading() as s:
        rows = s.execute(
            sa.select(invoices).where(invoices.c.quote_number == NUMBER).order_by("created_at")
        ).all()
    return {str(r.quote_id): r for r in rows}


def test_a_revision_cancels_the_earlier_draft(service, worker, bus_url, client, admin):  # noqa: F811
    v1, v2 = str(uuid.uuid4()), str(uuid.uuid4())
    account, owner = str(uuid.uuid4()), str(uuid.uuid4())
    _approve(bus_url, worker, v1, 1, [], account, owner)
    wait_until(lambda: v1 in _family(service))
    _approve(bus_url, worker, v2, 2, [v1], account, owner)
    wait_until(lambda: v2 in _family(service))

    family = _family(service)
    assert family[v1].status == "Cancelled" and family[v2].status == "Created"
    old = client.get(f"{API}/invoices/{family[v1].id}", headers=admin).get_json()
    assert old["status_reason"] == f"Superseded by quote {NUMBER} version 2"
    assert old["superseded_by_quote_id"] == v2
    open_ = [r for r in family.values() if r.status != "Cancelled"]
    assert len(open_) == 1


def test_a_revision_without_ids_still_supersedes_by_quote_number(service, worker, bus_url):  # noqa: F811
    v1, v2 = str(uuid.uuid4()), str(uuid.uuid4())
    account, owner = str(uuid.uuid4()), str(uuid.uuid4())
    _approve(bus_url, worker, v1, 1, [], account, owner)
    wait_until(lambda: v1 in _family(service))
    _approve(bus_url, worker, v2, 2, [], account, owner)
    wait_until(lambda: v2 in _family(service))
    family = _family(service)
    assert (family[v1].status, family[v2].status) == ("Cancelled", "Created")


def test_an_issued_earlier_invoice_stops_a_second_one(
    service,
    worker,  # noqa: F811
    bus_url,  # noqa: F811
    client,
    admin,
):
    v1, v2 = str(uuid.uuid4()), str(uuid.uuid4())
    account, owner = str(uuid.uuid4()), str(uuid.uuid4())
    _approve(bus_url, worker, v1, 1, [], account, owner)
    wait_until(lambda: v1 in _family(service))
    first = _family(service)[v1]
    assert client.post(f"{API}/invoices/{first.id}/approve", headers=admin).status_code == 200
    _approve(bus_url, worker, v2, 2, [v1], account, owner)
    wait_until(lambda: _family(service)[v1].superseded_by_quote_id is not None)

    family = _family(service)
    assert list(family) == [v1]  # no second invoice: the issued one is owed
    assert family[v1].status == "Approved"
    assert str(family[v1].superseded_by_quote_id) == v2
