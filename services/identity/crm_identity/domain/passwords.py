"""The password policy and the port through which passwords are hashed."""

from __future__ import annotations

from typing import Protocol

from crm_identity.domain.errors import InvalidField

MIN_LENGTH = 10
# Long enough for any passphrase; short enough that hashing stays cheap to refuse.
MAX_LENGTH = 1024


class PasswordHasher(Protocol):
    # A valid hash of no one's password, verified against when no account matches so that
    # a miss takes as long as a wrong password.
    dummy_hash: str

    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool: ...

    def needs_rehash(self, hashed: str) -> bool: ...


def check_password_policy(
    password: str, *, email: str | None = None, field: str = "password"
) -> None:
    """Raise InvalidField (422) unless ``password`` is acceptable."""
    if len(password) < MIN_LENGTH:
        raise InvalidField(field, f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise InvalidField(field, f"must be at most {MAX_LENGTH} characters long")
    if not password.strip():
        raise InvalidField(field, "must not be blank")
    if email and password.strip().casefold() == email.strip().casefold():
        raise InvalidField(field, "must not be the email address")
