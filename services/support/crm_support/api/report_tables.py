"""A report as JSON, or as CSV when the client asks (``?format=csv`` or ``Accept: text/csv``;
crm_chassis.http.csv_tables: every cell neutralised by crm_chassis.csvsafe)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from crm_chassis.http import File
from crm_chassis.http.csv_tables import csv_file, wants_csv

CSV_FILE = File("text/csv", "The report as CSV (format=csv or Accept: text/csv)")


def table(body: Any, rows: Sequence[Mapping[str, Any]], name: str, fmt: str | None) -> Any:
    """``body`` as JSON, or ``rows`` as a CSV file named after the report."""
    if not wants_csv(fmt):
        return body
    return csv_file(rows, name)
