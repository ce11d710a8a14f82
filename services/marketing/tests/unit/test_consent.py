"""Consent decisions: who is skipped and why, and what the suppression list accepts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crm_marketing.adapters.audience_memory import contact_person, lead_person
from crm_marketing.domain.audience_errors import InvalidSuppression
from crm_marketing.domain.audience_events import RecipientUnsubscribed
from crm_marketing.domain.consent import Suppression, skip_reason

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def test_a_consenting_person_is_mailed_once_per_address():
    seen: set[str] = set()
    assert skip_reason(contact_person("Ada@Example.org"), {}, seen) is None
    assert skip_reason(lead_person(" ada@example.ORG "), {}, seen) == "duplicate_address"


@pytest.mark.parametrize(
    ("person", "suppressed", "reason"),
    [
        (contact_person(None), {}, "no_address"),
        (contact_person("  "), {}, "no_address"),
        (contact_person(email_opt_out=True), {}, "email_opt_out"),
        (lead_person(do_not_contact=True), {}, "do_not_contact"),
        (contact_person("a@x.org"), {"a@x.org": "unsubscribed"}, "unsubscribed"),
        (contact_person("A@x.org"), {"a@x.org": "hard_bounced"}, "hard_bounced"),
        (lead_person("a@x.org"), {"a@x.org": "manual"}, "suppressed"),
    ],
)
def test_a_person_without_consent_is_skipped_with_the_reason(person, suppressed, reason):
    seen: set[str] = set()
    assert skip_reason(person, suppressed, seen) == reason
    # A skipped address is not taken: nobody is mailed in its place by mistake, and no
    # later duplicate is blamed on it.
    assert seen == set()


def test_do_not_contact_wins_over_a_suppression_reason():
    person = contact_person("a@x.org", do_not_contact=True, email_opt_out=True)
    assert skip_reason(person, {"a@x.org": "unsubscribed"}, set()) == "do_not_contact"


def test_an_unsubscribe_is_normalised_and_records_its_event():
    found = Suppression.unsubscribe(
        address=" Ada@Example.ORG", now=NOW, mailing_id=None, contact_id=None, lead_id=None
    )
    assert found.address == "ada@example.org" and found.reason == "unsubscribed"
    assert found.events == [RecipientUnsubscribed("ada@example.org", None, None, None, NOW)]


@pytest.mark.parametrize(
    ("address", "reason", "fields"),
    [
        ("not-an-address", "manual", {"address"}),
        ("a@b.c", "because", {"reason"}),
        ("", "nope", {"address", "reason"}),
        ("a b@c.org", "manual", {"address"}),
    ],
)
def test_a_bad_suppression_names_each_bad_field(address, reason, fields):
    with pytest.raises(InvalidSuppression) as caught:
        Suppression.create(address=address, reason=reason, by="admin", now=NOW)
    assert {e.field for e in caught.value.errors} == fields
