"""Mailing statistics as JSON, or as CSV when the client asks (``?format=csv`` or
``Accept: text/csv``); every CSV cell goes through ``crm_chassis.csvsafe``."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import request

from crm_chassis.csvsafe import safe_dict
from crm_chassis.http import File, FileReply

CSV_FILE = File("text/csv", "The statistics as CSV (format=csv or Accept: text/csv)")


def wants_csv(fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/csv"]) == "text/csv" and (
        accept["text/csv"] > accept["application/json"]
    )


def statistics_reply(body: dict[str, Any], fmt: str | None) -> Any:
    if not wants_csv(fmt):
        return body
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(body))
    writer.writeheader()
    writer.writerow(safe_dict({k: str(v) for k, v in body.items()}))
    return FileReply(
        out.getvalue().encode(),
        filename=f"mailing-{body['mailing_id']}-statistics.csv",
        media_type="text/csv",
    )
