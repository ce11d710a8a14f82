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
    if "format" in request.args:
        return False
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/csv"]) == "text/csv" and (
        accept["text/csv"] > accept["application/json"]
    )


def csv_reply(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], name: str) -> FileReply:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_dict(dict(row)) for row in rows)
    return FileReply(out.getvalue().encode(), filename=f"{name}.csv", media_type="text/csv")
