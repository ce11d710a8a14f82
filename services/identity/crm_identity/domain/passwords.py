"""The password policy: long enough, mixed enough, not the e-mail address."""

from __future__ import annotations

from crm_chassis.errors import invalid

MIN_LENGTH = 12
# Long enough for any passphrase; short enough that hashing stays cheap to refuse.
MAX_LENGTH = 1024


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
    """Raise a 422 naming ``password`` unless ``password`` is acceptable.

    At least 12 characters, not all of one class (lower, upper, digits, other), and not
    containing the local part of the user's e-mail address.
    """
    if len(password) < MIN_LENGTH:
        raise invalid(field, f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise invalid(field, f"must be at most {MAX_LENGTH} characters long")
    if not password.strip():
        raise invalid(field, "must not be blank")
    if _classes(password) < 2:
        raise invalid(
            field, "must mix at least two of: lower case, upper case, digits, other characters"
        )
    local = (email or "").strip().split("@")[0].casefold()
    if len(local) >= 3 and local in password.casefold():
        raise invalid(field, "must not contain the e-mail address")
