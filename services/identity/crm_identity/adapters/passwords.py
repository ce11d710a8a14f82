"""Argon2id password and client-secret hashing (argon2-cffi)."""

from __future__ import annotations

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    """Hash and verify secrets with Argon2id; memory-hard, salted, parameters in the hash."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._ph = argon2.PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        # Verifying against this when no account matches keeps the response time the same
        # whether or not the email exists (no user enumeration by timing).
        self.dummy_hash = self._ph.hash("not-a-real-password-0123456789")

    def hash(self, secret: str) -> str:
        return self._ph.hash(secret)

    def verify(self, hashed: str, secret: str) -> bool:
        try:
            return self._ph.verify(hashed, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        try:
            return self._ph.check_needs_rehash(hashed)
        except InvalidHashError:
            return False
