"""Domain events to the integration events billing publishes."""

from crm_billing.domain import events
from crm_billing.events import outgoing

from .factories import NOW, TODAY, invoice


def test_a_paid_invoice_says_when_it_was_paid():
    inv = invoice("Sent")
    inv.apply_payment(inv.totals.total, on=TODAY, now=NOW)
    [paid] = inv.events
    type_, subject, data = outgoing.translate(paid)
    assert (type_, subject) == ("billing.invoice.paid.v1", str(inv.id))
    assert (data.paid_on, data.total, data.amount_paid) == ("2026-03-01", "171.36", "171.36")


def test_an_issued_invoice_carries_its_total_and_dates():
    inv = invoice()
    inv.transition("Approved", now=NOW, expected_version=None)
    [issued] = inv.events
    type_, _, data = outgoing.translate(issued)
    assert type_ == "billing.invoice.issued.v1"
    assert (data.number, data.total, data.due_date) == (inv.number, "171.36", "2026-03-31")
    assert data.issued_at.ToDatetime().date() == NOW.date()


def test_events_kept_inside_billing_are_not_published():
    inv = invoice()
    assert outgoing.translate(events.InvoiceCreated(invoice_id=inv.id, number="x")) is None
