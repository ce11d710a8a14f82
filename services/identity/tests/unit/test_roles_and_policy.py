from datetime import UTC, datetime, timedelta

import pytest

from crm_chassis.errors import ValidationFailed
from crm_identity.domain.passwords import check_password_policy
from crm_identity.domain.roles import CATALOG
from crm_identity.domain.throttling import Limit, retry_after


def test_admin_holds_every_permission():
    assert CATALOG.permissions_for(["admin"]) == ["*"]
    assert CATALOG.permissions_for(["user", "admin"]) == ["*"]


def test_a_user_works_with_accounts_and_contacts_but_administers_nothing():
    perms = CATALOG.permissions_for(["user"])
    for p in ("accounts.view", "accounts.create", "contacts.edit", "products.view"):
        assert p in perms
    assert not any(p.startswith(("users.", "service-accounts.")) for p in perms)
    assert "accounts.delete" not in perms


def test_unknown_roles_grant_nothing():
    assert CATALOG.permissions_for(["wizard"]) == []


@pytest.mark.parametrize("password", ["short", "a" * 1025, " " * 12, "Ada@Example.com"])
def test_passwords_outside_the_policy_are_refused(password):
    with pytest.raises(ValidationFailed) as err:
        check_password_policy(password, email="ada@example.com")
    assert err.value.errors[0].field == "password"


def test_a_ten_character_password_is_accepted():
    check_password_policy("0123456789", email="ada@example.com")


NOW = datetime(2026, 1, 1, tzinfo=UTC)
LIMIT = Limit(3, timedelta(minutes=5))


def test_below_the_limit_there_is_no_wait():
    assert retry_after([NOW, NOW], LIMIT, NOW) is None


def test_at_the_limit_the_wait_lasts_until_the_oldest_counted_failure_ages_out():
    failures = [NOW - timedelta(minutes=4), NOW - timedelta(minutes=1), NOW]
    assert retry_after(failures, LIMIT, NOW) == 60


def test_failures_outside_the_window_do_not_count():
    failures = [NOW - timedelta(minutes=6)] * 5 + [NOW]
    assert retry_after(failures, LIMIT, NOW) is None
