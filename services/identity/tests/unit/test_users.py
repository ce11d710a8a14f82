from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from crm_chassis.errors import PreconditionFailed, ValidationFailed
from crm_identity.domain.events import UserCreated, UserDeactivated, UserUpdated
from crm_identity.domain.users import User, UserFields, normalize_email

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def a_user(**fields):
    values = {
        "id": uuid4(),
        "email": "Ada@Example.com",
        "display_name": "Ada",
        "password_hash": "$argon2id$...",
        "now": NOW,
    }
    values.update(fields)
    return User.register(**values)


def sent(**values):
    """A PATCH's fields and the names it sent."""
    return UserFields(**values), frozenset(values)


def test_registering_a_user_records_user_created():
    user = a_user()
    [event] = user.pull_events()
    assert isinstance(event, UserCreated)
    assert event.user.email == "Ada@Example.com"
    assert user.roles == ("user",) and user.active and user.version == 1


def test_email_is_unique_by_its_casefolded_form():
    assert a_user().email_key == "ada@example.com" == normalize_email(" ADA@example.COM ")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("display_name", "   "),
        ("roles", ("wizard",)),
        ("roles", ()),
        ("locale", "english please"),
        ("time_zone", "Mars/Olympus"),
    ],
)
def test_invalid_fields_are_refused(field, value):
    with pytest.raises(ValidationFailed) as err:
        a_user(**{field: value})
    assert err.value.errors[0].field == field


def test_a_change_bumps_the_version_and_records_user_updated():
    user = a_user()
    user.pull_events()
    changed = user.change(*sent(display_name="Ada L.", locale="en"), now=NOW + timedelta(1))
    assert changed == ("display_name",)
    assert user.version == 2 and user.updated_at == NOW + timedelta(1)
    [event] = user.pull_events()
    assert isinstance(event, UserUpdated) and event.changed_fields == ("display_name",)


def test_a_change_that_changes_nothing_records_nothing():
    user = a_user()
    user.pull_events()
    assert user.change(*sent(display_name="Ada"), now=NOW) == ()
    assert user.version == 1 and user.pull_events() == []


def test_deactivating_records_updated_and_deactivated():
    user = a_user()
    user.pull_events()
    user.change(*sent(active=False), now=NOW, actor="admin-1")
    updated, deactivated = user.pull_events()
    assert isinstance(updated, UserUpdated)
    assert isinstance(deactivated, UserDeactivated)
    assert deactivated.deactivated_by == "admin-1" and not deactivated.user.active


def test_null_for_a_field_is_refused():
    with pytest.raises(ValidationFailed):
        a_user().change(*sent(display_name=None), now=NOW)


def test_a_stale_version_is_a_failed_precondition():
    user = a_user()
    user.check_version(1)
    user.check_version(None)
    with pytest.raises(PreconditionFailed):
        user.check_version(7)


def test_a_rehash_without_touch_keeps_the_version():
    user = a_user()
    user.set_password_hash("new", now=NOW, touch=False)
    assert user.version == 1 and user.password_hash == "new"



def test_every_bad_field_is_named_at_once():
    with pytest.raises(ValidationFailed) as err:
        a_user(email="not-an-email", locale="english please", currency="euro")
    assert [e.field for e in err.value.errors] == ["email", "locale", "currency"]
