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


def test_a_credit_note_says_what_it_credited():
    import uuid
    from decimal import Decimal

    from crm_billing.domain.credit_notes import CreditNote

    inv = invoice("Sent")
    note = CreditNote.issue(
        id=uuid.uuid4(),
        number="pending",
        invoice=inv,
        credited_so_far=Decimal("0"),
        amount=Decimal("10.00"),
        reason="damaged",
        today=TODAY,
        now=NOW,
    )
    assert note.events == []  # recorded once it has its number
    note.numbered("CN-2026-000001", inv.number)
    [issued] = note.events
    type_, subject, data = outgoing.translate(issued)
    assert (type_, subject) == ("billing.credit_note.issued.v1", str(note.id))
    assert (data.number, data.invoice_number, data.amount, data.applied) == (
        "CN-2026-000001",
        inv.number,
        "10.00",
        "10.00",
    )
    assert data.account_id == str(inv.account_id) and data.reason == "damaged"


def test_paid_and_cancelled_invoices_name_their_quote_and_order():
    inv = invoice("Sent")
    inv.quote_id = inv.id
    inv.apply_payment(inv.totals.total, on=TODAY, now=NOW)
    [paid] = inv.events
    assert outgoing.translate(paid)[2].quote_id == str(inv.id)
    draft = invoice()
    draft.transition("Cancelled", now=NOW, expected_version=None)
    [cancelled] = draft.events
    type_, _, data = outgoing.translate(cancelled)
    assert type_ == "billing.invoice.cancelled.v1" and data.reason == ""
