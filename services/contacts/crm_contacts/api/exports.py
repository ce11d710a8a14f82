"""Exports: ``GET /exports?entity=...&<list filters>`` streams ``text/csv`` of the filtered
list, with the caller's record scope and field access (hidden fields are no columns)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ValidationError

from crm_chassis import context
from crm_chassis.errors import ValidationFailed
from crm_chassis.http import Blueprint, File, FileReply, field_errors, service
from crm_contacts.api.accounts import account_json
from crm_contacts.api.contacts import contact_out
from crm_contacts.api.schemas import (
    AccountListQuery,
    AccountOut,
    ContactListQuery,
    ContactOut,
    ExportQuery,
)
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.access import either
from crm_contacts.service.queries.exports import export_csv

bp = Blueprint("exports")


@bp.get(
    "/exports",
    query=ExportQuery,
    response=File("text/csv", description="The list as CSV, header row first"),
    permission_any=either("export"),
    summary="Export a filtered list as text/csv (record scope, field access)",
)
def get_export(query: ExportQuery) -> FileReply:
    app, entity = service(Contacts), query.entity
    accounts = entity == "accounts"
    chunks = export_csv(
        app.queries,
        app.access,
        context.principal(),
        entity,
        _filters(query).params(),
        # account_json is AccountOut's JSON dump (tests/api/test_account_json.py).
        account_json if accounts else (lambda c: contact_out(c).model_dump(mode="json")),
        list((AccountOut if accounts else ContactOut).model_fields),
    )
    first = next(chunks)  # access and filter errors surface before streaming starts
    return FileReply(
        _streamed(first, chunks),
        filename=f"{entity}.csv",
        media_type="text/csv; charset=utf-8",
    )


def _filters(query: ExportQuery) -> AccountListQuery | ContactListQuery:
    """The entity's own list query: a filter of the other entity is refused (422)."""
    schema = AccountListQuery if query.entity == "accounts" else ContactListQuery
    try:
        return schema.model_validate(query.model_dump(exclude_unset=True, exclude={"entity"}))
    except ValidationError as exc:
        raise ValidationFailed(
            "The query parameters are not valid.", errors=field_errors(exc)
        ) from None


def _streamed(first: str, rest: Iterator[str]) -> Iterator[bytes]:
    yield first.encode()
    for chunk in rest:
        yield chunk.encode()
