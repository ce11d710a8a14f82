import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from crm_chassis.errors import InvalidFields, VersionMismatch
from crm_chassis.fields import Address
from crm_chassis.money import Money
from crm_contacts.domain import events
from crm_contacts.domain.accounts import Account, AccountFields

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def new_account(**fields):
    return Account.create(
        id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        now=NOW,
        fields=AccountFields(**{"name": "Acme", **fields}),
    )


def changes(**values):
    """The fields and sent names of a partial update."""
    return AccountFields(**values), set(values)


def fields_of(exc):
    return {e.field for e in exc.value.errors}


def test_creating_an_account_records_account_created():
    account = new_account(account_type="Customer", industry="Banking")
    assert account.version == 1
    assert [type(e) for e in account.events] == [events.AccountCreated]
    assert account.events[0].account.name == "Acme"


def test_name_is_required_and_blank_counts_as_missing():
    with pytest.raises(InvalidFields) as exc:
        new_account(name="   ")
    assert fields_of(exc) == {"name"}


def test_pick_lists_are_enforced():
    with pytest.raises(InvalidFields) as exc:
        new_account(account_type="Friend", industry="Piracy")
    assert fields_of(exc) == {"account_type", "industry"}


def test_annual_revenue_is_a_decimal_with_a_currency():
    account = new_account(annual_revenue=Money(Decimal("1250.50"), "eur"))
    assert account.annual_revenue.amount == Decimal("1250.50")
    assert account.annual_revenue.currency == "EUR"
    with pytest.raises(InvalidFields) as exc:
        new_account(annual_revenue=Money(Decimal("-1"), "EURO"))
    assert fields_of(exc) == {"annual_revenue.amount", "annual_revenue.currency"}


def test_email_must_look_like_one_and_employees_not_negative():
    with pytest.raises(InvalidFields) as exc:
        new_account(email="nope", employees=-3)
    assert fields_of(exc) == {"email", "employees"}


def test_tags_are_trimmed_and_deduplicated_case_insensitively():
    account = new_account(tags=(" vip ", "VIP", "", "emea"))
    assert account.tags == ("vip", "emea")


def test_empty_address_is_stored_as_none():
    account = new_account(billing_address=Address(street=" ", city=None))
    assert account.billing_address is None


def test_update_bumps_version_and_names_changed_fields():
    account = new_account()
    account.events.clear()
    later = NOW + timedelta(minutes=1)
    changed = account.update(
        *changes(phone="+44 20 7946 0000", name="Acme"), now=later, expected_version=1
    )
    assert changed == ("phone",)
    assert account.version == 2 and account.updated_at == later
    assert isinstance(account.events[0], events.AccountUpdated)
    assert account.events[0].changed_fields == ("phone",)


def test_update_without_changes_records_nothing():
    account = new_account(phone="1")
    account.events.clear()
    assert account.update(*changes(phone="1"), now=NOW, expected_version=None) == ()
    assert account.version == 1 and account.events == []


def test_update_with_a_stale_version_is_refused():
    account = new_account()
    with pytest.raises(VersionMismatch):
        account.update(*changes(phone="1"), now=NOW, expected_version=7)


def test_update_cannot_clear_the_name():
    account = new_account()
    with pytest.raises(InvalidFields):
        account.update(*changes(name=None), now=NOW, expected_version=None)


def test_search_text_holds_phone_digits_and_lower_case_fields():
    account = new_account(phone="+1 (555) 010-0999", website="Acme.COM")
    assert "15550100999" in account.search_text
    assert "acme.com" in account.search_text


def test_delete_records_account_deleted_with_actor():
    account = new_account()
    account.delete(now=NOW, by="user-1", expected_version=1, retention=timedelta(days=30))
    assert account.deleted_at == NOW and account.purge_after == NOW + timedelta(days=30)
    deleted = account.events[-1]
    assert isinstance(deleted, events.AccountDeleted)
    assert deleted.deleted_by == "user-1" and deleted.version == 1
