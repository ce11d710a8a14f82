"""A verified token is remembered until it expires, never past a revocation or its key's
cache lifespan, and only for its exact text."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from crm_chassis.auth import tokens
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated
from crm_chassis.testing.tokens import TokenFactory


@pytest.fixture(scope="module")
def factory() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token whose signature and claims were checked."""
    seen: list[str] = []
    real = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "decode", counting)
    return seen


def test_a_token_is_checked_once_then_remembered(factory: TokenFactory, decodes: list) -> None:
    verifier = factory.verifier()
    token = factory.issue(perms=["leads.view"])
    first = verifier.verify(token)
    assert verifier.verify(token) == first
    assert decodes == [token]


def test_revocation_is_asked_on_every_call(factory: TokenFactory, decodes: list) -> None:
    revoked: set[str] = set()

    def is_revoked(principal: Principal) -> bool:
        return principal.subject in revoked

    verifier = factory.verifier(is_revoked=is_revoked)
    token = factory.issue()
    subject = verifier.verify(token).subject
    revoked.add(subject)
    with pytest.raises(Unauthenticated, match="revoked"):
        verifier.verify(token)


def test_an_expired_token_is_checked_again(
    factory: TokenFactory, decodes: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = factory.verifier()
    token = factory.issue(ttl=60)
    principal = verifier.verify(token)
    assert principal.expires_at is not None
    later = float(principal.expires_at) + 1
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    verifier.verify(token)  # PyJWT's own clock still says valid: only the cache moved
    assert decodes == [token, token]


def test_nothing_is_remembered_past_the_key_cache(
    factory: TokenFactory, decodes: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = factory.verifier(cache_seconds=30)
    token = factory.issue(ttl=600)
    verifier.verify(token)
    now = tokens.time.time()
    monkeypatch.setattr(tokens.time, "time", lambda: now + 31)
    verifier.verify(token)
    assert decodes == [token, token]


def test_a_tampered_copy_of_a_remembered_token_is_refused(factory: TokenFactory) -> None:
    verifier = factory.verifier()
    token = factory.issue()
    verifier.verify(token)
    head, body, signature = token.split(".")
    tail = "AAAA" if signature[-4:] != "AAAA" else "BBBB"
    forged = ".".join((head, body, signature[:-4] + tail))
    with pytest.raises(Unauthenticated):
        verifier.verify(forged)


def test_the_cache_stays_bounded(
    factory: TokenFactory, decodes: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_TOKENS_MAX", 3)
    verifier = factory.verifier()
    issued = [factory.issue() for _ in range(5)]
    for token in issued:
        verifier.verify(token)
    assert len(verifier._verified) <= 3
    verifier.verify(issued[-1])
    assert decodes.count(issued[-1]) == 1
