"""The password policy and the port through which passwords are hashed."""

from __future__ import annotations

from typing import Protocol

from crm_identity.domain.errors import InvalidField

MIN_LENGTH = 12
# Long enough for any passphrase; short enough that hashing stays cheap to refuse.
MAX_LENGTH = 1024


class PasswordHasher(Protocol):
    # A valid hash of no one's password, verified against when no account matches so that
    # a miss takes as long as a wrong password.
    dummy_hash: str

    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool: ...

    def needs_rehash(self, hashed: str) -> bool: ...


def _classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def check_password_policy(
    password: str, *, email: str | None = None, field: str = "password"
) -> None:
    """Raise InvalidField (422 naming ``password``) unless ``password`` is acceptable.

    At least 12 characters, not all of one class (lower, upper, digits, other), and not
    containing the local part of the user's e-mail address.
    """
    if len(password) < MIN_LENGTH:
        raise InvalidField(field, f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise InvalidField(field, f"must be at most {MAX_LENGTH} characters long")
    if not password.strip():
        raise InvalidField(field, "must not be blank")
    if _classes(password) < 2:
        raise InvalidField(
            field, "must mix at least two of: lower case, upper case, digits, other characters"
        )
    local = (email or "").strip().split("@")[0].casefold()
    if len(local) >= 3 and local in password.casefold():
        raise InvalidField(field, "must not contain the e-mail address")
