"""Signed tokens: round trip, salts kept apart, forgery and expiry refused alike."""

from __future__ import annotations

import time

import pytest

from crm_chassis.signing import InvalidToken, Signer, derived_key


def test_a_token_carries_its_data_and_signing_time() -> None:
    signer = Signer(b"k" * 32, "crm.test.v1")
    before = time.time()
    data, signed = signer.read_with_time(signer.sign({"f": "x"}))
    assert data == {"f": "x"}
    assert before - 1 <= signed.timestamp() <= time.time() + 1


@pytest.mark.parametrize(
    "reader",
    [Signer(b"k" * 32, "crm.other.v1"), Signer(b"j" * 32, "crm.test.v1")],
    ids=["other salt", "other key"],
)
def test_another_kind_or_key_is_refused(reader: Signer) -> None:
    token = Signer(b"k" * 32, "crm.test.v1").sign({"f": "x"})
    with pytest.raises(InvalidToken):
        reader.read(token)


@pytest.mark.parametrize("token", ["", "abc", "eyJmIjoieCJ9.AAAA.BBBB", "\x00"])
def test_garbage_is_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        Signer(b"k" * 32, "crm.test.v1").read(token)


def test_an_old_token_is_refused_when_a_max_age_is_given() -> None:
    signer = Signer(b"k" * 32, "crm.test.v1")
    token = signer.sign({"f": "x"})
    assert signer.read(token, max_age_seconds=60) == {"f": "x"}
    with pytest.raises(InvalidToken):
        signer.read(token, max_age_seconds=-1)


def test_derived_keys_differ_by_purpose() -> None:
    assert derived_key("a", b"base") != derived_key("b", b"base")
    assert len(derived_key("a", b"base")) == 32
