"""Document numbers: ``INV-2026-000001``, gap-free per series (a prefix and a year), and
chronological: a document is never dated before one numbered before it in its series."""

from __future__ import annotations

from datetime import date

from crm_chassis.errors import FieldError, InvalidFields


def format_number(prefix: str, year: int, n: int) -> str:
    """A human-facing document number, gap-free per series: ``INV-2026-000001``."""
    return f"{prefix}-{year}-{n:06d}"


def series(prefix: str, year: int) -> str:
    """The counter a number is drawn from (``INV-2026``)."""
    return f"{prefix}-{year}"


def series_of(number: str) -> str:
    """The series a number was drawn from (``INV-2026-000001`` -> ``INV-2026``)."""
    return number.rsplit("-", 1)[0]


def check_in_sequence(
    day: date,
    *,
    previous: date | None,
    following: date | None,
    today: date,
    field: str = "invoice_date",
) -> None:
    """Numbers follow dates within a series (case 18): 422 naming ``field`` otherwise.

    ``previous`` is the latest date of the documents numbered before this one (cancelled
    ones aside), ``following`` the earliest of those numbered after it. A document is also
    never dated in the future, so a later one can always take today's date.
    """
    problem = None
    if day > today:
        problem = "must not be in the future"
    elif previous is not None and day < previous:
        problem = (
            f"must not be before {previous.isoformat()}, the date of the last document "
            "numbered before it (numbers follow dates)"
        )
    elif following is not None and day > following:
        problem = (
            f"must not be after {following.isoformat()}, the date of the next document "
            "numbered after it (numbers follow dates)"
        )
    if problem:
        raise InvalidFields([FieldError(field, problem)])
