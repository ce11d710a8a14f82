"""Imports (POST /imports) and exports (GET /exports): CSV in, CSV out.

``POST /imports`` takes JSON (``ImportIn``), a ``multipart/form-data`` upload (``file``
plus form fields ``entity``, ``mapping`` as JSON, ``dry_run``, ``on_duplicate``) or a raw
``text/csv`` body (options as query parameters). It runs the import in the request and
answers 201 with the finished job; ``GET /imports/{id}`` shows a job's progress and report
(also while it runs, from another request). ``GET /exports?entity=...&<list filters>``
streams ``text/csv`` of the filtered list, with the caller's record scope and field access.

The chassis's Api accepts JSON and form bodies and JSON replies, so the two CSV-speaking
routes are declared on the Api (so the OpenAPI document has them) and then served by plain
Flask views that authenticate through the same verifier and policy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Flask, Response, current_app, request, stream_with_context
from pydantic import ValidationError

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
from crm_contacts.adapters.bulk import job_from_row
from crm_contacts.adapters.tables import import_jobs
from crm_contacts.api.mapping import account_out, contact_out, list_params
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
from crm_contacts.service.exports import export_csv

IMPORTS = "/api/contacts/v1/imports"
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


def _import_options() -> ImportIn:
    media = (request.mimetype or "").lower()
    try:
        if media == "application/json" or media.endswith("+json"):
            return ImportIn.model_validate(request.get_json(silent=True) or {})
        if media == "multipart/form-data":
            upload = request.files.get("file")
            if upload is None:
                raise BadRequest(
                    "Attach the CSV as the form field 'file'.",
                    errors=[FieldError("file", "is required")],
                )
            raw: dict[str, Any] = dict(request.form.to_dict())
            raw["csv"] = upload.read().decode("utf-8-sig", errors="replace")
        elif media in ("text/csv", "text/plain"):
            raw = dict(request.args.to_dict())
            raw["csv"] = request.get_data(as_text=True)
        else:
            raise UnsupportedMediaType("Send JSON, multipart/form-data with a 'file', or text/csv.")
        if isinstance(raw.get("mapping"), str):
            try:
                raw["mapping"] = json.loads(raw["mapping"]) if raw["mapping"] else None
            except ValueError:
                raise BadRequest(
                    "mapping must be a JSON object.", errors=[FieldError("mapping", "must be JSON")]
                ) from None
        return ImportIn.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "The import request is not valid.", errors=field_errors(exc)
        ) from None


def register(api: Api, app: Contacts) -> None:
    # Declared for the OpenAPI document; ``install`` swaps in the CSV-speaking views.
    @api.route(
        "/imports",
        "POST",
        body=ImportIn,
        response=ImportOut,
        status=201,
        summary="Import a CSV of accounts or contacts (also multipart/form-data "
        "with 'file', or text/csv with the options as query parameters)",
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
        response=ImportOut,
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
        return Reply(ImportOut.model_validate(job_from_row(row), from_attributes=True))


def install(flask_app: Flask, app: Contacts) -> None:
    """Add the two CSV-speaking routes to the Flask app (``create_app(init=...)``)."""

    def post_import() -> Response:
        principal = _authenticate()
        options = _import_options()
        job = app.run_import(principal, options)
        body = ImportOut.model_validate(job, from_attributes=True).model_dump_json()
        response = Response(body, status=201, content_type="application/json")
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
            list_params(query, _LIST_FILTERS[entity]),
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

    api = flask_app.extensions["crm"].api
    views = {("/imports", "POST"): post_import, ("/exports", "GET"): get_export}
    for spec in api.routes:
        view = views.get((spec.path, spec.method))
        if view is not None:
            flask_app.view_functions[spec.endpoint] = view
