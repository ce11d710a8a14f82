"""A report as JSON, or as CSV when the client asks (``?format=csv`` or ``Accept: text/csv``).

Every CSV cell goes through ``crm_chassis.csvsafe`` (a cell a spreadsheet would run as a
formula is written as text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from flask import request

from crm_chassis.csvsafe import safe_dict
from crm_chassis.http import File, FileReply

CSV_FILE = File("text/csv", "The report as CSV (format=csv or Accept: text/csv)")


def wants_csv(fmt: str | None) -> bool:
    """``format=csv``, or no format asked and ``text/csv`` preferred over JSON."""
    if fmt == "csv":
        return True
    if fmt == "json" and "format" in request.args:
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return (
        best == "text/csv"
        and request.accept_mimetypes["text/csv"] > request.accept_mimetypes["application/json"]
    )


def table(body: Any, rows: Sequence[Mapping[str, Any]], name: str, fmt: str | None) -> Any:
    """``body`` as JSON, or ``rows`` as a CSV file named after the report."""
    if not wants_csv(fmt):
        return body
    out = io.StringIO()
    if rows:
        names: list[str] = []
        for row in rows:
            names.extend(k for k in row if k not in names)
        writer = csv.DictWriter(out, fieldnames=names)
        writer.writeheader()
        writer.writerows(safe_dict(row) for row in rows)
    return FileReply(out.getvalue().encode(), filename=f"{name}.csv", media_type="text/csv")
