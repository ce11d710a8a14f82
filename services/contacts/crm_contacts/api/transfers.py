"""Imports (POST /imports) and exports (GET /exports): CSV in, CSV out.

``POST /imports`` takes JSON (``ImportIn``, within the API's usual body limit), a
``multipart/form-data`` upload (``file`` plus form fields ``entity``, ``mapping`` as JSON,
``dry_run``, ``on_duplicate``) or a raw ``text/csv`` body (options as query parameters); the
last two up to ``CONTACTS_IMPORT_MAX_BYTES`` (this route only; a WSGI wrapper lets its body
past the app-wide limit, which still answers 413 everywhere else). The upload is spooled to a
temporary file (memory up to 8 MiB, then disk) while its lines are counted. Files of at most
``CONTACTS_IMPORT_SYNC_MAX_ROWS`` rows run in the request and answer 201 with the finished
job; larger ones (or ``?mode=background``) are checked (permissions, mapping), stored with a
queued job and answered 202 with ``Location``; the worker runs them (service/import_runner.py).
``GET /imports/{id}`` shows a job's progress and report (also while it runs).
``GET /exports?entity=...&<list filters>`` streams ``text/csv`` of the filtered list, with the
caller's record scope and field access.

The chassis's Api accepts JSON and form bodies and JSON replies, so the two CSV-speaking
routes are declared on the Api (so the OpenAPI document has them) and then served by plain
Flask views that authenticate through the same verifier and policy.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable, Iterable
from typing import IO, Any
from uuid import UUID

from flask import Flask, Response, current_app, request, stream_with_context
from pydantic import Field, ValidationError
from werkzeug.wsgi import LimitedStream

from crm_chassis import context
from crm_chassis.auth.tokens import bearer_token
from crm_chassis.errors import (
    BadRequest,
    FieldError,
    NotFound,
    UnsupportedMediaType,
    ValidationFailed,
)
from crm_chassis.http import Api, Reply, field_errors
from crm_contacts.adapters.bulk import BulkStore, job_from_row
from crm_contacts.adapters.tables import import_jobs
from crm_contacts.api.accounts import account_out
from crm_contacts.api.contacts import contact_out
from crm_contacts.api.schemas import (
    AccountListQuery,
    AccountOut,
    ContactListQuery,
    ContactOut,
    ExportQuery,
    ImportIn,
    ImportOut,
)
from crm_contacts.bootstrap import Contacts
from crm_contacts.service import imports
from crm_contacts.service.exports import export_csv

IMPORTS = "/api/contacts/v1/imports"
SPOOL_IN_MEMORY = 8 * 1024 * 1024
_FILE_MEDIA = ("multipart/form-data", "text/csv", "text/plain")


class ImportJobOut(ImportOut):
    status: str = Field(description="queued, running, completed, partial, failed")
    rows_total: int | None = Field(
        None, description="data rows of the upload (background jobs; counted as lines)"
    )
    batches_committed: int = Field(0, description="batches finished so far")


_LIST_FILTERS = {
    "accounts": (
        "owner_id",
        "account_type",
        "industry",
        "email",
        "tag",
        "customer_code",
        "area",
        "phone",
        "web_domain",
        "parent_id",
        "rating",
    ),
    "contacts": ("owner_id", "account_id", "lead_source", "email", "tag", "phone", "reports_to_id"),
}


def _authenticate() -> Any:
    crm = current_app.extensions["crm"]
    principal = crm.verifier.verify(bearer_token(request.headers.get("Authorization")))
    context.set_principal(principal)
    return principal


class _Upload:
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


def _import_request() -> tuple[ImportIn, _Upload | None]:
    """The options, and the CSV as an upload (None for JSON bodies, which carry it inline)."""
    media = (request.mimetype or "").lower()
    try:
        if media == "application/json" or media.endswith("+json"):
            return ImportIn.model_validate(request.get_json(silent=True) or {}), None
        if media not in _FILE_MEDIA:
            raise UnsupportedMediaType("Send JSON, multipart/form-data with a 'file', or text/csv.")
        if media == "multipart/form-data":
            upload = request.files.get("file")  # werkzeug spools file parts to disk
            if upload is None:
                raise BadRequest(
                    "Attach the CSV as the form field 'file'.",
                    errors=[FieldError("file", "is required")],
                )
            raw: dict[str, Any] = dict(request.form.to_dict())
            spooled = _Upload(upload.stream)
        else:
            raw = dict(request.args.to_dict())
            spooled = _Upload(request.stream)
        raw.pop("mode", None)
        raw["csv"] = "-"  # the file travels beside the options
        if isinstance(raw.get("mapping"), str):
            try:
                raw["mapping"] = json.loads(raw["mapping"]) if raw["mapping"] else None
            except ValueError:
                raise BadRequest(
                    "mapping must be a JSON object.", errors=[FieldError("mapping", "must be JSON")]
                ) from None
        if spooled.size == 0:
            raise BadRequest("The CSV is empty.", errors=[FieldError("file", "has no header")])
        return ImportIn.model_validate(raw), spooled
    except ValidationError as exc:
        raise ValidationFailed(
            "The import request is not valid.", errors=field_errors(exc)
        ) from None


def _import_mode() -> str:
    mode = request.args.get("mode") or request.form.get("mode") or "auto"
    if mode not in ("auto", "background"):
        raise ValidationFailed(
            "mode must be auto or background.", errors=[FieldError("mode", "auto or background")]
        )
    return mode


class _ImportBodyLimit:
    """Lets a POST /imports body past the app-wide ``max_body_bytes`` check, up to the
    import limit: the chassis refuses any request whose Content-Length exceeds the app's
    limit before a view runs, so this route's length is taken off the environ and the input
    cut at that length instead (the view then enforces ``CONTACTS_IMPORT_MAX_BYTES`` via
    ``request.max_content_length``). Bodies above the import limit keep their length and
    get the chassis's 413 problem."""

    def __init__(self, wsgi_app: Callable[..., Any], max_bytes: int) -> None:
        self.wsgi_app, self.max_bytes = wsgi_app, max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == IMPORTS:
            length = environ.get("CONTENT_LENGTH")
            media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            if length and length.isdigit() and media in _FILE_MEDIA:
                if int(length) <= self.max_bytes:
                    environ = dict(environ)
                    environ["wsgi.input"] = LimitedStream(environ["wsgi.input"], int(length))
                    environ["wsgi.input_terminated"] = True
                    del environ["CONTENT_LENGTH"]
        return self.wsgi_app(environ, start_response)


def register(api: Api, app: Contacts) -> None:
    # Declared for the OpenAPI document; ``install`` swaps in the CSV-speaking views.
    @api.route(
        "/imports",
        "POST",
        body=ImportIn,
        response=ImportJobOut,
        status=201,
        summary="Import a CSV of accounts or contacts (also multipart/form-data "
        "with 'file', or text/csv with the options as query parameters); large files "
        "(or ?mode=background) answer 202 with the queued job and run in the worker",
    )
    def post_import(body: ImportIn) -> Reply:
        raise NotImplementedError  # replaced by install()

    @api.route(
        "/exports",
        "GET",
        query=ExportQuery,
        summary="Export a filtered list as text/csv (record scope, field access)",
    )
    def get_export(query: ExportQuery) -> Reply:
        raise NotImplementedError  # replaced by install()

    @api.route(
        "/imports/<import_id>",
        "GET",
        response=ImportJobOut,
        summary="An import job: progress, counts and its per-row error report",
    )
    def get_import(import_id: UUID) -> Reply:
        principal = context.principal()
        with app.db.reading() as session:
            row = session.execute(import_jobs.select().where(import_jobs.c.id == import_id)).first()
        # Only its author (or an administrator) sees a job: it may name other people's rows.
        if row is None or (
            row.created_by != principal.subject
            and not app.access.store.decider().is_admin(principal)
        ):
            raise NotFound(f"Import {import_id} does not exist.")
        return Reply(ImportJobOut.model_validate(job_from_row(row), from_attributes=True))


def install(flask_app: Flask, app: Contacts) -> None:
    """Add the two CSV-speaking routes to the Flask app (``create_app(init=...)``)."""

    def post_import() -> Response:
        settings = app.settings  # read per request: tests change it on a built app
        principal = _authenticate()
        if (request.mimetype or "").lower() in _FILE_MEDIA:
            # Before anything reads the body: the stream is built with the limit it sees.
            request.max_content_length = settings.import_max_bytes
        mode = _import_mode()
        options, upload = _import_request()
        if upload is None:  # JSON: the CSV came inline
            upload = _Upload([options.csv.encode("utf-8")])
        try:
            status, job = 201, None
            if mode == "background" or upload.rows > settings.import_sync_max_rows:
                status = 202
                job = imports.queue_import(
                    app.access,
                    principal,
                    entity=options.entity,
                    upload=upload.file,
                    rows_total=upload.rows,
                    mapping=options.mapping,
                    dry_run=options.dry_run,
                    on_duplicate=options.on_duplicate,
                    bulk=BulkStore(app.db, app.uow),
                )
            else:
                text = upload.text()
                job = imports.run_import(
                    app.uow,
                    app.access,
                    principal,
                    entity=options.entity,
                    text=text,
                    mapping=options.mapping,
                    dry_run=options.dry_run,
                    on_duplicate=options.on_duplicate,
                    batch_rows=settings.import_batch_rows,
                    bulk=BulkStore(app.db, app.uow),
                )
        finally:
            upload.file.close()
        body = ImportJobOut.model_validate(job, from_attributes=True).model_dump_json()
        response = Response(body, status=status, content_type="application/json")
        response.headers["Location"] = f"{IMPORTS}/{job.id}"
        return response

    def get_export() -> Response:
        principal = _authenticate()
        entity = request.args.get("entity", "accounts")
        if entity not in _LIST_FILTERS:
            raise ValidationFailed(
                "entity must be accounts or contacts.",
                errors=[FieldError("entity", "accounts or contacts")],
            )
        schema = AccountListQuery if entity == "accounts" else ContactListQuery
        args = {k: v for k, v in request.args.to_dict().items() if k != "entity"}
        try:
            query = schema.model_validate(args)
        except ValidationError as exc:
            raise ValidationFailed(
                "The query parameters are not valid.", errors=field_errors(exc)
            ) from None
        to_dict: Callable[[Any], dict[str, Any]] = (
            (lambda a: account_out(a).model_dump(mode="json"))
            if entity == "accounts"
            else (lambda c: contact_out(c).model_dump(mode="json"))
        )
        columns = list((AccountOut if entity == "accounts" else ContactOut).model_fields)
        chunks = export_csv(
            app.queries,
            app.access,
            principal,
            entity,
            query.params(),
            to_dict,
            columns,
        )
        first = next(chunks)  # access and filter errors surface before streaming starts

        def rest() -> Any:
            yield first
            yield from chunks

        response = Response(stream_with_context(rest()), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{entity}.csv"'
        return response

    settings = app.settings
    if settings.import_max_bytes > settings.max_body_bytes:
        flask_app.wsgi_app = _ImportBodyLimit(  # type: ignore[method-assign]
            flask_app.wsgi_app, settings.import_max_bytes
        )
    api = flask_app.extensions["crm"].api
    views = {("/imports", "POST"): post_import, ("/exports", "GET"): get_export}
    for spec in api.routes:
        view = views.get((spec.path, spec.method))
        if view is not None:
            flask_app.view_functions[spec.endpoint] = view
