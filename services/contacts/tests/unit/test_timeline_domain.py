"""Reading other services' events for the timeline (tolerant reader) and the work rules."""

from __future__ import annotations

import uuid

from crm_contacts.domain.timeline import EventType, follow_up_for, summarise
from crm_contacts.events.business_events import BusinessEvent

A, C, OWNER, R = (str(uuid.uuid4()) for _ in range(4))


def facts(type_, data, subject="not-a-uuid"):
    kind = EventType.parse(type_)
    return kind, BusinessEvent.model_validate(data).facts(kind, subject)


def test_event_types_name_their_module_and_label():
    kind = EventType.parse("sales.opportunity.stage_changed.v1")
    assert (kind.service, kind.aggregate, kind.event) == ("sales", "opportunity", "stage_changed")
    assert kind.module == "opportunities" and kind.label == "Opportunity stage changed"
    assert EventType.parse("sales.order.created.v1").module == "sales_orders"
    assert EventType.parse("billing.credit_note.issued.v1").module == "credit_notes"
    assert EventType.parse("support.widget.made.v1").module == "widgets"


def test_facts_are_found_at_the_top_or_one_message_down():
    _, f = facts(
        "sales.opportunity.won.v1",
        {
            "opportunity": {
                "id": R,
                "account_id": A,
                "contact_id": C,
                "owner_id": OWNER,
                "name": "Deal",
                "amount": "10.00",
                "currency": "EUR",
            }
        },
    )
    assert (str(f.account_id), str(f.contact_id), str(f.owner_id), str(f.record_id)) == (
        A,
        C,
        OWNER,
        R,
    )
    assert (f.name, f.amount, f.currency) == ("Deal", "10.00", "EUR")


def test_top_level_values_win_and_money_messages_are_read():
    _, f = facts(
        "billing.invoice.paid.v1",
        {
            "invoice_id": R,
            "account_id": A,
            "number": "INV-1",
            "grand_total": {"amount": "5.00", "currency": "USD"},
            "lines": [{"account_id": str(uuid.uuid4())}],
            "order": {"account_id": str(uuid.uuid4())},
        },
    )
    assert str(f.account_id) == A and str(f.record_id) == R
    assert (f.number, f.amount, f.currency) == ("INV-1", "5.00", "USD")


def test_garbage_is_ignored_not_fatal():
    _, f = facts(
        "support.ticket.opened.v1",
        {"account_id": "nope", "ticket": "x", "amount": None, "owner_id": 12},
    )
    assert f.account_id is None and f.owner_id is None and f.record_id is None


def test_the_subject_is_the_record_when_nothing_else_names_it():
    _, f = facts("sales.quote.approved.v1", {"account_id": A}, subject=R)
    assert str(f.record_id) == R


def test_lead_conversion_places_on_the_existing_account():
    _, f = facts("sales.lead.converted.v1", {"existing_account_id": A, "contact_id": C})
    assert str(f.account_id) == A


def test_summaries_read_like_a_sentence():
    kind, f = facts(
        "billing.invoice.overdue.v1", {"number": "INV-9", "balance_due": "3.50", "currency": "EUR"}
    )
    assert summarise(kind, f) == "Invoice overdue INV-9 (3.50 EUR)"
    kind, f = facts("marketing.campaign.response.v1", {})
    assert summarise(kind, f) == "Campaign response"


def test_only_work_events_call_for_tasks():
    kind, f = facts("sales.lead.stale.v1", {"lead_id": R, "owner_id": OWNER})
    stale = follow_up_for(kind, f)
    assert stale is not None and stale.owner == "record" and stale.related_type == "lead"
    kind, f = facts("billing.invoice.overdue.v1", {"invoice_id": R, "number": "INV-1"})
    overdue = follow_up_for(kind, f)
    assert overdue is not None and overdue.owner == "account"
    assert overdue.title == "Chase overdue invoice INV-1"
    kind, f = facts("support.ticket.sla_breached.v1", {"ticket": {"id": R}})
    assert follow_up_for(kind, f).related_type == "ticket"
    kind, f = facts(
        "support.contract.review_due.v1",
        {"contract_id": R, "number": "SC-2026-000001", "owner_id": OWNER, "account_id": A},
    )
    review = follow_up_for(kind, f)
    assert review is not None and (review.owner, review.related_type) == ("record", "account")
    assert review.title == "Review service contract SC-2026-000001"
    quiet_ones = ("billing.invoice.paid.v1", "sales.lead.created.v1", "support.ticket.closed.v1")
    for quiet in (*quiet_ones, "support.contract.exhausted.v1"):
        kind, f = facts(quiet, {"account_id": A})
        assert follow_up_for(kind, f) is None
