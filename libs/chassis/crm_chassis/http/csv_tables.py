"""A table answered as JSON, or as CSV when the client asks (``?format=csv`` or
``Accept: text/csv``). Reports and statistics of every service share it; every CSV cell goes
through ``crm_chassis.csvsafe`` (a cell a spreadsheet would run as a formula becomes text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from flask import request

from crm_chassis.csvsafe import safe_dict
from crm_chassis.http.responses import FileReply


def wants_csv(fmt: str | None) -> bool:
    """``format=csv``; any other explicit ``format`` is not; with none, the ``Accept``
    header decides (``text/csv`` preferred over JSON)."""
    if fmt == "csv":
        return True
    if "format" in request.args:
        return False
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/csv"]) == "text/csv" and (
        accept["text/csv"] > accept["application/json"]
    )


def csv_file(
    rows: Sequence[Mapping[str, Any]], name: str, columns: Sequence[str] | None = None
) -> FileReply:
    """``rows`` as ``<name>.csv``: the given ``columns`` (others ignored), or every key in
    the order first seen (no rows and no columns: an empty file)."""
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        columns = list(seen)
    out = io.StringIO()
    if columns:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(safe_dict(dict(row)) for row in rows)
    return FileReply(out.getvalue().encode(), filename=f"{name}.csv", media_type="text/csv")
