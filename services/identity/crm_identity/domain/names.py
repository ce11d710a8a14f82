"""Rules for the names and descriptions of roles, profiles, groups and service accounts."""

from __future__ import annotations

from crm_chassis.fields import Checker

NAME_LENGTH = 200
DESCRIPTION_LENGTH = 1000


def name(check: Checker, value: str | None, field: str = "name") -> str:
    """A required name of 1 to 200 characters, trimmed."""
    return check.text(field, value, required=True, max_length=NAME_LENGTH) or ""


def description(check: Checker, value: str | None) -> str:
    """An optional description of at most 1000 characters; blank is the empty string."""
    return check.text("description", value, max_length=DESCRIPTION_LENGTH) or ""
