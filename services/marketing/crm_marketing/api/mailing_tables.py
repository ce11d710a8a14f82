"""Mailing statistics as JSON, or as CSV when the client asks (``?format=csv`` or
``Accept: text/csv``; crm_chassis.http.csv_tables)."""

from __future__ import annotations

from typing import Any

from crm_chassis.http import File
from crm_chassis.http.csv_tables import csv_file, wants_csv

CSV_FILE = File("text/csv", "The statistics as CSV (format=csv or Accept: text/csv)")


def statistics_reply(body: dict[str, Any], fmt: str | None) -> Any:
    if not wants_csv(fmt):
        return body
    row = {k: str(v) for k, v in body.items()}
    return csv_file([row], f"mailing-{body['mailing_id']}-statistics")
