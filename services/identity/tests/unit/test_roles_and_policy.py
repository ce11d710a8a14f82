from datetime import UTC, datetime, timedelta

import pytest

from crm_chassis.errors import ValidationFailed
from crm_identity.domain.passwords import check_password_policy
from crm_identity.domain.throttling import Limit, retry_after


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short-1A", "at least 12"),
        ("a" * 1025, "at most"),
        (" " * 12, "blank"),
        ("abcdefghijklmnop", "mix"),
        ("012345678901234", "mix"),
        ("my-ada-password-1", "e-mail"),
        ("xxADA99xx-long", "e-mail"),
    ],
)
def test_passwords_outside_the_policy_are_refused_naming_password(password, why):
    with pytest.raises(ValidationFailed) as err:
        check_password_policy(password, email="ada@example.com")
    assert err.value.errors[0].field == "password"
    assert why in err.value.errors[0].message


def test_a_twelve_character_password_of_two_classes_is_accepted():
    check_password_policy("correct-horse", email="ada@example.com")
    check_password_policy("0123456789ab", email="ada@example.com")


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
