"""What the domain and use cases need from the outside, implemented by adapters.

``bootstrap`` chooses the implementations: Argon2id for hashing, the database key store for
signing, the system clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from crm_identity.domain.tokens import Claims

#: The time now (UTC); tests pass a clock they move.
Clock = Callable[[], datetime]


class PasswordHasher(Protocol):
    """Hashes passwords and client secrets; verifies them in constant time."""

    # A valid hash of no one's password, verified against when no account matches so that
    # a miss takes as long as a wrong password.
    dummy_hash: str

    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool: ...

    def needs_rehash(self, hashed: str) -> bool: ...


class SigningKeys(Protocol):
    """The RSA keys access tokens are signed with."""

    def ensure_key(self, now: datetime) -> str: ...

    def rotate(self, now: datetime, *, grace_seconds: int) -> str: ...

    def sign(self, claims: Claims) -> str: ...
