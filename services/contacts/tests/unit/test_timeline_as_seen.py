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


def _own(kind: str, module: str, summary: str, **data: str) -> TimelineEntry:
    return TimelineEntry(
        id=uuid.uuid4(),
        event_id="o1",
        event_type=kind,
        source="contacts",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        module=module,
        summary=summary,
        data=dict(data),
    )


def test_a_hidden_persons_name_leaves_created_and_updated_headings():
    created = _own("contacts.contact.created.v1", "contacts", "Contact created Ada Lovelace")
    assert as_seen(created, frozenset({"last_name"})).summary == "Contact created"
    updated = _own(
        "contacts.contact.updated.v1",
        "contacts",
        "Contact Ada Lovelace updated: last_name, phone",
        changed_fields="last_name, phone",
    )
    seen = as_seen(updated, frozenset({"last_name"}))
    assert seen.summary == "Contact updated: phone" and "Lovelace" not in str(seen)
    # Only the phone hidden: the name stays, the phone's change is not named.
    phone = as_seen(updated, frozenset({"phone"}))
    assert phone.summary == "Contact Ada Lovelace updated: last_name"


def test_a_renamed_account_whose_name_is_hidden_says_nothing_of_it():
    renamed = _own(
        "contacts.account.updated.v1", "accounts", "Account updated: name", changed_fields="name"
    )
    assert as_seen(renamed, frozenset({"name"})).summary == "Account updated: other fields"
    made = _own("contacts.account.created.v1", "accounts", "Account created Secret Corp")
    assert as_seen(made, frozenset({"name"})).summary == "Account created"


def test_a_hidden_name_or_number_goes_from_data_too():
    entry = _entry(
        "sales.lead.converted.v1",
        Facts(name="Ada Lovelace"),
        data={"name": "Ada Lovelace", "status": "Converted"},
    )
    seen = as_seen(entry, frozenset({"first_name"}))
    assert "Ada" not in str(seen) and seen.data == {"status": "Converted"}
    quote = _entry(
        "sales.quote.approved.v1",
        Facts(number="Q-7", name="Roof"),
        data={"quote_number": "Q-7", "status": "Approved"},
    )
    assert as_seen(quote, frozenset({"number"})).data == {"status": "Approved"}
