"""Document numbers: ``INV-2026-000001``, gap-free per series (a prefix and a year)."""

from __future__ import annotations


def format_number(prefix: str, year: int, n: int) -> str:
    """A human-facing document number, gap-free per series: ``INV-2026-000001``."""
    return f"{prefix}-{year}-{n:06d}"


def series(prefix: str, year: int) -> str:
    """The counter a number is drawn from (``INV-2026``)."""
    return f"{prefix}-{year}"
