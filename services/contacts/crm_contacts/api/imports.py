"""Imports: ``POST /imports`` takes a CSV, ``GET /imports/{id}`` shows the job.

``POST /imports`` takes JSON (``ImportIn``, within the API's usual body limit), a
``multipart/form-data`` upload (``file`` plus form fields ``entity``, ``mapping`` as JSON,
``dry_run``, ``on_duplicate``) or a raw ``text/csv`` body (options as query parameters); the
last two up to ``CONTACTS_IMPORT_MAX_BYTES`` (this route only). The upload is spooled to a
temporary file (memory up to 8 MiB, then disk) while its lines are counted. Files of at most
``CONTACTS_IMPORT_SYNC_MAX_ROWS`` rows run in the request, larger ones (or
``?mode=background``) are queued for the worker; either way the answer is 201 with the job
at its ``Location``, whose ``status`` says queued, running or completed. With
``Idempotency-Key`` a retry (same key, same file and options) gets the first answer, the
same job, and imports nothing again.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable
from typing import IO, Any
from uuid import UUID

from flask import request
from pydantic import ValidationError

from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError, TooLarge, ValidationFailed
from crm_chassis.http import Blueprint, RawBody, Reply, field_errors, service
from crm_contacts.api.schemas import ImportIn, ImportJobOut, ImportOptions
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import ImportRecords
from crm_contacts.service.access import either

bp = Blueprint("imports")
IMPORTS = "/api/contacts/v1/imports"
SPOOL_IN_MEMORY = 8 * 1024 * 1024
JSON = "application/json"
FILES = ("multipart/form-data", "text/csv", "text/plain")


class Upload:
    """The request's CSV, spooled to a temporary file, with its size and line count."""

    def __init__(self, source: IO[bytes] | Iterable[bytes]) -> None:
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        self.size, lines, last = 0, 0, b"\n"
        chunks = iter(lambda: source.read(1024 * 1024), b"") if hasattr(source, "read") else source
        for chunk in chunks:
            self.file.write(chunk)
            self.size += len(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:] or last
        # Data rows = lines after the header (a last line without newline counts too). A
        # quoted field spanning lines counts twice: fine for a threshold and a progress bar.
        self.rows = max(0, lines + (last != b"\n") - 1)
        self.file.seek(0)

    def text(self) -> IO[str]:
        return io.TextIOWrapper(self.file, encoding="utf-8-sig", errors="replace", newline="")


@bp.post(
    "/imports",
    raw_body=RawBody((JSON, *FILES), description="The CSV, or JSON with the CSV inline"),
    max_body_bytes="import_max_bytes",
    response=ImportJobOut,
    status=201,
    permission_any=either("import"),
    summary="Import a CSV of accounts or contacts (JSON with the CSV inline, "
    "multipart/form-data with 'file', or text/csv with the options as query parameters); "
    "large files (or ?mode=background) are queued and run in the worker",
)
def post_import(media_type: str) -> Reply:
    background = _background()
    options, upload = _import_request(media_type)
    command = ImportRecords(
        entity=options.entity,
        upload=upload.file,  # type: ignore[arg-type]
        rows=upload.rows,
        mapping=options.mapping,
        dry_run=options.dry_run,
        on_duplicate=options.on_duplicate,
        background=background,
    )
    try:
        job = service(Contacts).run(command, caller=context.principal())
    finally:
        upload.file.close()
    body = ImportJobOut.model_validate(job, from_attributes=True)
    return Reply(body, location=f"{IMPORTS}/{job.id}")


@bp.get(
    "/imports/<import_id>",
    response=ImportJobOut,
    summary="An import job: progress, counts and its per-row error report",
)
def get_import(import_id: UUID) -> ImportJobOut:
    job = service(Contacts).queries.get_import_job(context.principal(), import_id)
    return ImportJobOut.model_validate(job, from_attributes=True)


def _import_request(media: str) -> tuple[ImportIn | ImportOptions, Upload]:
    """The options, and the CSV as an upload (JSON bodies carry it inline)."""
    try:
        if media not in FILES:
            return _json_import()
        if media == "multipart/form-data":
            file = request.files.get("file")  # werkzeug spools file parts to disk
            if file is None:
                raise BadRequest(
                    "Attach the CSV as the form field 'file'.",
                    errors=[FieldError("file", "is required")],
                )
            raw: dict[str, Any] = dict(request.form.to_dict())
            upload = Upload(file.stream)
        else:
            raw = dict(request.args.to_dict())
            upload = Upload(request.stream)
        raw.pop("mode", None)
        raw["mapping"] = _mapping(raw.get("mapping"))
        if upload.size == 0:
            raise BadRequest("The CSV is empty.", errors=[FieldError("file", "has no header")])
        return ImportOptions.model_validate(raw), upload
    except ValidationError as exc:
        raise ValidationFailed(
            "The import request is not valid.", errors=field_errors(exc)
        ) from None


def _json_import() -> tuple[ImportIn, Upload]:
    # JSON carries the whole file in memory: it keeps the API's usual body limit.
    limit = service(Contacts).settings.max_body_bytes
    if (request.content_length or 0) > limit:
        raise TooLarge("The request body is too large.")
    request.max_content_length = limit
    options = ImportIn.model_validate(request.get_json(silent=True) or {})
    return options, Upload([options.csv.encode("utf-8")])


def _mapping(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise BadRequest(
            "mapping must be a JSON object.", errors=[FieldError("mapping", "must be JSON")]
        ) from None


def _background() -> bool:
    mode = request.args.get("mode") or request.form.get("mode") or "auto"
    if mode not in ("auto", "background"):
        raise ValidationFailed(
            "mode must be auto or background.", errors=[FieldError("mode", "auto or background")]
        )
    return mode == "background"
