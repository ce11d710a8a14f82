"""Invoice arithmetic, statuses and immutability."""

import uuid
from datetime import date

import pytest

from crm_billing.domain import events
from crm_billing.domain.errors import InvoiceIssued
from crm_billing.domain.invoices import InvoiceFields
from crm_billing.domain.numbers import format_number
from crm_chassis.errors import InvalidFields
from crm_chassis.states import InvalidTransition

from .factories import NOW, TODAY, create, d, invoice


def test_totals_add_rounded_lines_taxes_discount_shipping_and_adjustment():
    inv = invoice(discount_amount="10.00", shipping="5.50", adjustment="-0.01")
    # 3 x 19.99 = 59.97, tax 19% = 11.3943 -> 11.39; setup 100.00 untaxed.
    assert inv.lines[0].net == d("59.97") and inv.lines[0].tax == d("11.39")
    t = inv.totals
    assert (t.subtotal, t.discount, t.tax, t.shipping, t.adjustment) == (
        d("159.97"),
        d("10.00"),
        d("11.39"),
        d("5.50"),
        d("-0.01"),
    )
    assert t.total == d("166.85")


def test_line_discounts_are_applied_before_tax():
    inv = invoice(
        lines=[
            {
                "description": "A",
                "quantity": "2",
                "unit_price": "50",
                "discount_percent": "10",
                "tax_percent": "20",
            }
        ]
    )
    assert inv.lines[0].net == d("90.00") and inv.lines[0].tax == d("18.00")
    assert inv.totals.total == d("108.00")


def test_percent_header_discount_is_rounded_to_the_cent():
    inv = invoice(
        lines=[{"description": "A", "quantity": "1", "unit_price": "33.33"}], discount_percent="15"
    )
    assert inv.totals.discount == d("5.00")
    assert inv.totals.total == d("28.33")


def test_zero_decimal_currency_rounds_to_whole_units():
    inv = invoice(
        currency="JPY",
        lines=[{"description": "A", "quantity": "3", "unit_price": "333.5", "tax_percent": "10"}],
    )
    assert inv.lines[0].net == d("1001") and inv.lines[0].tax == d("100")


def test_due_date_follows_payment_terms_unless_given():
    assert invoice().due_date == date(2026, 3, 31)
    assert invoice(payment_terms="Net 45 days").due_date == date(2026, 4, 15)
    assert invoice(due_date="2026-03-10").due_date == date(2026, 3, 10)


def test_invalid_fields_are_all_named():
    with pytest.raises(InvalidFields) as err:
        invoice(
            currency="euro",
            account_id="x",
            payment_terms="Net 7 days",
            lines=[{"description": "", "quantity": "0", "unit_price": "-1"}],
        )
    fields = {e.field for e in err.value.errors}
    assert {
        "currency",
        "account_id",
        "payment_terms",
        "lines[0].description",
        "lines[0].quantity",
        "lines[0].unit_price",
    } <= fields


def test_floats_are_refused_for_money():
    with pytest.raises(InvalidFields) as err:
        invoice(lines=[{"description": "A", "quantity": 1, "unit_price": 0.1}])
    assert err.value.errors[0].field == "lines[0].unit_price"


def test_an_invoice_needs_lines_and_a_non_negative_total():
    with pytest.raises(InvalidFields):
        invoice(lines=[])
    with pytest.raises(InvalidFields) as err:
        invoice(adjustment="-1000")
    assert err.value.errors[0].field == "adjustment"


def test_a_quote_total_that_the_lines_do_not_reach_is_refused():
    with pytest.raises(InvalidFields) as err:
        invoice(expected_total="1.00")
    assert err.value.errors[0].field == "total"


def test_given_line_amounts_from_a_quote_win_over_our_rounding():
    inv = invoice(
        lines=[
            {
                "description": "A",
                "quantity": "3",
                "unit_price": "0.333",
                "net": "1.00",
                "tax": "0.19",
                "tax_percent": "19",
            }
        ],
        expected_total="1.19",
    )
    assert inv.totals.total == d("1.19")


def test_a_draft_can_be_edited_and_records_the_change():
    inv = invoice()
    changed = inv.update(
        InvoiceFields(subject="March", shipping=d("2.00")),
        {"subject", "shipping"},
        now=NOW,
        expected_version=1,
    )
    assert changed == ("shipping", "subject", "totals")
    assert inv.version == 2 and inv.totals.shipping == d("2.00")
    assert isinstance(inv.events[-1], events.InvoiceChanged)


@pytest.mark.parametrize("status", ["Approved", "Sent"])
def test_an_issued_invoice_cannot_be_edited(status):
    inv = invoice(status)
    with pytest.raises(InvoiceIssued):
        inv.update(InvoiceFields(subject="x"), {"subject"}, now=NOW, expected_version=None)


def test_approving_issues_the_invoice_once():
    inv = invoice()
    inv.transition("Approved", now=NOW, expected_version=None)
    assert inv.status == "Approved" and inv.issued_at == NOW
    assert [type(e) for e in inv.events] == [events.InvoiceIssued]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("Created", "Sent"),
        ("Created", "Paid"),
        ("Sent", "Approved"),
        ("Sent", "Cancelled"),
        ("Created", "Overdue"),
    ],
)
def test_transitions_not_in_the_workflow_are_conflicts(start, target):
    inv = invoice(start)
    with pytest.raises(InvalidTransition):
        inv.transition(target, now=NOW, expected_version=None)
    assert inv.status == start


def test_an_invoice_with_payments_cannot_be_cancelled():
    inv = invoice("Approved")
    inv.apply_payment(d("1.00"), on=TODAY, now=NOW)
    with pytest.raises(InvalidTransition):
        inv.transition("Cancelled", now=NOW, expected_version=None)


def test_partial_then_full_payment_settles_the_invoice():
    inv = invoice("Sent")
    inv.apply_payment(d("100.00"), on=TODAY, now=NOW)
    assert inv.status == "Partially Paid" and inv.balance == inv.totals.total - d("100")
    inv.apply_payment(inv.balance, on=TODAY, now=NOW)
    assert inv.status == "Paid" and inv.balance == 0 and inv.settled_on == TODAY
    assert [type(e) for e in inv.events] == [events.InvoicePaid]


def test_a_fully_credited_unpaid_invoice_is_a_credit_invoice():
    inv = invoice("Sent")
    excess = inv.apply_credit(inv.totals.total, on=TODAY, now=NOW)
    assert excess == 0 and inv.status == "Credit Invoice" and inv.balance == 0


def test_crediting_a_paid_invoice_returns_the_excess_as_credit():
    inv = invoice("Sent")
    inv.apply_payment(inv.totals.total, on=TODAY, now=NOW)
    assert inv.apply_credit(d("10.00"), on=TODAY, now=NOW) == d("10.00")
    assert inv.status == "Paid" and inv.balance == 0


def test_overdue_is_marked_once_per_level():
    inv = invoice("Sent")  # due 2026-03-31
    assert not inv.mark_overdue(date(2026, 3, 31), 0, now=NOW)
    assert inv.mark_overdue(date(2026, 4, 1), 1, now=NOW)
    assert inv.status == "Overdue" and inv.dunning_level == 1
    assert not inv.mark_overdue(date(2026, 4, 2), 1, now=NOW)
    assert inv.mark_overdue(date(2026, 4, 20), 2, now=NOW)
    levels = [e.level for e in inv.events if isinstance(e, events.InvoiceOverdue)]
    assert levels == [1, 2]


def test_a_paid_invoice_is_never_overdue():
    inv = invoice("Sent")
    inv.apply_payment(inv.totals.total, on=TODAY, now=NOW)
    assert not inv.mark_overdue(date(2027, 1, 1), 4, now=NOW)


def test_an_overdue_invoice_stays_overdue_after_a_partial_payment():
    inv = invoice("Sent")
    inv.mark_overdue(date(2026, 4, 5), 1, now=NOW)
    inv.apply_payment(d("1.00"), on=date(2026, 4, 5), now=NOW)
    assert inv.status == "Overdue"


def test_numbers_are_zero_padded_per_series():
    assert format_number("INV", 2026, 1) == "INV-2026-000001"
    assert format_number("PO", 2026, 123456) == "PO-2026-123456"


def test_create_records_invoice_created():
    inv = create()
    assert isinstance(inv.events[0], events.InvoiceCreated)
    assert inv.status == "Created"


def test_the_owner_of_an_issued_invoice_can_be_reassigned_but_nothing_else():
    inv = invoice("Sent")
    new_owner = uuid.uuid4()
    changed = inv.update(
        InvoiceFields(owner_id=new_owner), {"owner_id"}, now=NOW, expected_version=None
    )
    assert changed == ("owner_id",)
    assert inv.owner_id == new_owner
    with pytest.raises(InvoiceIssued):
        inv.update(
            InvoiceFields(owner_id=uuid.uuid4(), subject="x"),
            {"owner_id", "subject"},
            now=NOW,
            expected_version=None,
        )


def test_sales_rounding_rule_per_line():
    # 3 x 19.99 = 59.97; 10% = 5.997 -> 6.00; net 53.97; 19% = 10.2543 -> 10.25.
    inv = invoice(
        lines=[
            {
                "description": "A",
                "quantity": "3",
                "unit_price": "19.99",
                "discount_percent": "10",
                "tax_percent": "19",
            }
        ]
    )
    line = inv.lines[0]
    assert (line.gross, line.discount_amount, line.net, line.tax) == (
        d("59.97"),
        d("6.00"),
        d("53.97"),
        d("10.25"),
    )
    assert (inv.totals.subtotal, inv.totals.discount, inv.totals.total) == (
        d("59.97"),
        d("6.00"),
        d("64.22"),
    )
