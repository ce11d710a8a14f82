"""The campaign reports' CSV representation (the table itself: crm_chassis.http.csv_tables)."""

from __future__ import annotations

from crm_chassis.http import File

CSV_FILE = File("text/csv", "The report as CSV (format=csv or Accept: text/csv)")
