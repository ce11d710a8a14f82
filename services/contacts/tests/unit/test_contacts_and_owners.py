import uuid
from datetime import UTC, datetime, timedelta

import pytest

from crm_chassis.errors import InvalidFields
from crm_contacts.domain import events
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.owners import Owner, ensure_assignable

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def new_contact(**fields):
    return Contact.create(
        id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        now=NOW,
        fields=ContactFields(**{"last_name": "Lovelace", **fields}),
    )


def test_contact_needs_a_last_name():
    with pytest.raises(InvalidFields) as exc:
        new_contact(last_name="")
    assert [e.field for e in exc.value.errors] == ["last_name"]


def test_contact_pick_lists_are_enforced():
    with pytest.raises(InvalidFields) as exc:
        new_contact(salutation="Sir", lead_source="Pigeon")
    assert {e.field for e in exc.value.errors} == {"salutation", "lead_source"}


def test_contact_sorts_by_last_then_first_name():
    contact = new_contact(first_name="Ada", salutation="Ms.", lead_source="Web Site")
    assert contact.sort_name == "lovelace ada"
    assert contact.full_name == "Ada Lovelace"
    assert isinstance(contact.events[0], events.ContactCreated)


def test_contact_flags_default_to_false_and_update_records_changes():
    contact = new_contact()
    assert contact.do_not_call is False and contact.email_opt_out is False
    changed = contact.update(
        ContactFields(do_not_call=True), {"do_not_call"}, now=NOW, expected_version=1
    )
    assert changed == ("do_not_call",) and contact.version == 2


def owner(updated_at, active=True, deactivated_at=None):
    return Owner(uuid.UUID(int=1), "a@example.com", "A", active, updated_at, deactivated_at)


def test_a_newer_owner_fact_supersedes_an_older_one_but_not_the_reverse():
    old, new = owner(NOW), owner(NOW + timedelta(seconds=1))
    assert new.supersedes(old)
    assert not old.supersedes(new)
    assert not old.supersedes(old)  # redelivery changes nothing
    assert old.supersedes(None)


def test_unknown_or_inactive_owner_cannot_be_assigned():
    with pytest.raises(InvalidFields) as exc:
        ensure_assignable(uuid.uuid4(), None)
    assert exc.value.errors[0].field == "owner_id"
    with pytest.raises(InvalidFields):
        ensure_assignable(uuid.UUID(int=1), owner(NOW, active=False))
    ensure_assignable(uuid.UUID(int=1), owner(NOW))


def test_deactivated_users_tokens_are_refused_and_older_ones_stay_refused():
    assert owner(NOW, active=False).refuses_token(NOW + timedelta(hours=1))
    reactivated = owner(NOW + timedelta(hours=1), deactivated_at=NOW)
    assert reactivated.refuses_token(NOW - timedelta(minutes=1))
    assert not reactivated.refuses_token(NOW + timedelta(minutes=1))
    assert not owner(NOW).refuses_token(NOW)


def test_reconcile_keeps_the_newest_facts_and_the_latest_deactivation():
    from crm_contacts.domain.owners import reconcile

    first = owner(NOW)
    assert reconcile(None, first) == first
    assert reconcile(first, first) is None
    off = owner(NOW, active=False)
    assert reconcile(first, off) is None  # a tie keeps what we have...
    marked = owner(NOW, active=False, deactivated_at=NOW)
    assert reconcile(off, marked).deactivated_at == NOW  # ...but learns the deactivation
    back_on = owner(NOW + timedelta(minutes=1))
    assert reconcile(marked, back_on) == owner(NOW + timedelta(minutes=1), deactivated_at=NOW)
