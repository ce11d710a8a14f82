"""Render stamps: their age is the visitor's fill time; forged, foreign, stale ones have none;
client addresses are hashed with the service's key."""

from __future__ import annotations

import time
import uuid

import pytest

from crm_marketing.adapters.form_stamps import SignedFormStamps
from crm_marketing.config import Settings


@pytest.fixture
def stamps() -> SignedFormStamps:
    return SignedFormStamps(Settings(form_secret="s" * 32, form_stamp_max_age_hours=1))


def _signed_ago(stamps: SignedFormStamps, form_id: uuid.UUID, seconds: float, monkeypatch) -> str:
    real = time.time
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: real() - seconds)
        return stamps.stamp(form_id)


def test_the_age_of_a_stamp_is_the_time_since_it_was_made(stamps, monkeypatch):
    form = uuid.uuid4()
    fresh = stamps.age(stamps.stamp(form), form)
    assert fresh is not None and 0 <= fresh < 2
    old = stamps.age(_signed_ago(stamps, form, 100, monkeypatch), form)
    assert old is not None and 99 <= old < 102


def test_forged_foreign_and_stale_stamps_have_no_age(stamps, monkeypatch):
    form = uuid.uuid4()
    token = stamps.stamp(form)
    assert stamps.age(token, uuid.uuid4()) is None
    assert stamps.age(token[:-3] + "abc", form) is None
    other_key = SignedFormStamps(Settings(form_secret="t" * 32))
    assert stamps.age(other_key.stamp(form), form) is None
    assert stamps.age(_signed_ago(stamps, form, 7200, monkeypatch), form) is None


def test_addresses_are_hashed_with_the_service_key(stamps):
    other_key = SignedFormStamps(Settings(form_secret="t" * 32))
    digest = stamps.address_hash("203.0.113.9")
    assert digest == stamps.address_hash("203.0.113.9") and "203" not in digest
    assert digest != other_key.address_hash("203.0.113.9")
