"""What the consumer reads of other services' events: typed, tolerant payloads."""

from __future__ import annotations

import uuid

import pytest

from crm_contacts.events.business_events import BusinessEvent
from crm_contacts.events.payloads import LeadConverted, UserFacts

OWNER, LEAD, ACCOUNT, CONTACT = (str(uuid.uuid4()) for _ in range(4))


def test_a_lead_conversion_becomes_one_command_with_sales_ids():
    command = LeadConverted.model_validate(
        {
            "lead_id": LEAD,
            "owner_id": OWNER,
            "account_id": ACCOUNT,
            "contact_id": CONTACT,
            "opportunity_name": "First order",
            "tags": ["web"],
            "account": {"industry": "Banking", "annual_revenue": "10", "employees": 5},
            "contact": {"first_name": "Peter", "mailing_address": {"city": " Leeds "}},
            "added_later": {"x": 1},
        }
    ).command()
    assert (str(command.owner_id), str(command.lead_id)) == (OWNER, LEAD)
    assert (str(command.account_id), str(command.contact_id)) == (ACCOUNT, CONTACT)
    assert command.account.name == "First order"  # the opportunity names a nameless account
    assert command.account.annual_revenue is None  # an amount without a currency is dropped
    assert command.account.employees == 5 and command.account.tags == ("web",)
    assert command.contact.last_name == "Peter" and command.contact.mailing_address.city == "Leeds"


def test_an_existing_account_wins_and_a_conversion_without_owner_is_refused():
    other = str(uuid.uuid4())
    payload = {"owner_id": OWNER, "account_id": ACCOUNT, "existing_account_id": other}
    assert str(LeadConverted.model_validate(payload).command().account_id) == other
    with pytest.raises(ValueError, match="owner_id"):
        LeadConverted.model_validate({"lead_id": LEAD}).command()


def test_user_facts_read_timestamps_and_ignore_unknown_fields():
    facts = UserFacts.model_validate(
        {"user_id": OWNER, "updated_at": "2026-03-01T12:00:00.123456789Z", "colour": "teal"}
    )
    assert facts.updated_at is not None and facts.updated_at.tzinfo is not None
    assert facts.active is False and facts.deactivated_at is None


def test_a_business_event_shows_its_small_top_level_values_only():
    event = BusinessEvent.model_validate(
        {"status": "Paid", "number": 7, "lines": [{"x": 1}], "priority": {"deep": 1}, "name": ""}
    )
    assert event.shown() == {"status": "Paid", "number": 7}
