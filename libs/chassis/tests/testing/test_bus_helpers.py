"""wait_until returns the first truthy answer and fails the test when none comes in time."""

from __future__ import annotations

import pytest

from crm_chassis.testing.bus import wait_until


def test_wait_until_returns_the_first_truthy_answer() -> None:
    answers = iter([None, [], ["found"]])
    assert wait_until(lambda: next(answers), timeout=2) == ["found"]


def test_wait_until_fails_when_the_condition_never_holds() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"within 0\.2 s"):
        wait_until(lambda: False, timeout=0.2)
