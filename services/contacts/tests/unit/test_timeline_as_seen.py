"""domain.timeline.as_seen: an entry without what a caller's hidden fields would show."""

import uuid
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from crm_contacts.domain.timeline import EventType, Facts, TimelineEntry, as_seen, summarise


def _entry(kind="sales.opportunity.won.v1", facts=Facts(), **kw):
    return TimelineEntry(
        id=uuid.uuid4(),
        event_id="e1",
        event_type=kind,
        source="sales",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        module="opportunities",
        summary=summarise(EventType.parse(kind), facts),
        number=facts.number,
        amount=facts.amount,
        currency=facts.currency,
        **kw,
    )


def test_nothing_hidden_is_the_entry_itself():
    entry = _entry(facts=Facts(name="Deal", amount="10.00", currency="EUR"))
    assert as_seen(entry, frozenset()) is entry


def test_a_hidden_amount_leaves_summary_and_fields():
    entry = _entry(facts=Facts(name="Deal", amount="10.00", currency="EUR"))
    seen = as_seen(entry, frozenset({"amount"}))
    assert seen.summary == "Opportunity won Deal"
    assert seen.amount is None and seen.currency is None


def test_a_hidden_number_and_data_value():
    entry = _entry(
        "billing.invoice.overdue.v1",
        Facts(number="INV-1", amount="5.00", currency="EUR"),
        data={"status": "Overdue", "balance": "5.00"},
    )
    seen = as_seen(entry, frozenset({"number", "balance"}))
    assert seen.summary == "Invoice overdue" and seen.number is None and seen.amount is None
    assert seen.data == {"status": "Overdue"}


@settings(max_examples=50)
@given(
    name=st.text(alphabet="abcXYZ -&.", min_size=1, max_size=30).filter(str.strip),
    amount=st.decimals(min_value=0, max_value=10**9, places=2).map(str),
    currency=st.sampled_from(["EUR", "USD", ""]),
)
def test_a_hidden_amount_never_appears(name, amount, currency):
    entry = _entry(facts=Facts(name=name.strip(), amount=amount, currency=currency or None))
    seen = as_seen(entry, frozenset({"amount"}))
    assert seen.amount is None and f"({amount}" not in seen.summary


def test_the_overview_balance_goes_with_a_hidden_invoice_amount():
    from crm_contacts.domain.overview import without_hidden_aggregates

    parts = {"invoices": {"status": "ok", "items": [], "balance": [], "balance_complete": True}}
    assert without_hidden_aggregates(parts, frozenset({"notes"})) is parts
    trimmed = without_hidden_aggregates(parts, frozenset({"total"}))
    assert trimmed["invoices"] == {"status": "ok", "items": []}


def test_own_activity_entries_drop_a_hidden_title_or_body():
    note = TimelineEntry(
        id=uuid.uuid4(),
        event_id="n1",
        event_type="contacts.note.added.v1",
        source="contacts",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        module="notes",
        summary="Note: the CEO is leaving",
    )
    assert as_seen(note, frozenset({"body"})).summary == "Note"
    assert as_seen(note, frozenset({"tags"})).summary == "Note: the CEO is leaving"
