"""Credit note routes: issue one against an issued invoice, get, list."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api import request_bodies as parse
from crm_billing.api.response_bodies import credit_note_out
from crm_billing.api.schemas import CreditNoteCreate, CreditNoteListQuery, CreditNoteOut
from crm_billing.bootstrap import Billing
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.service.access import CREDIT_NOTES
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service

BASE = "/api/billing/v1/credit-notes"
FILTERS = ("invoice_id", "account_id", "owner_id", "currency")
VIEW = (CREDIT_NOTES, "view")

bp = Blueprint("credit_notes", tag="credit-notes")


def _shown(note: CreditNote) -> dict[str, Any]:
    """The credit note's body without the fields the caller may not see."""
    fields = service(Billing).access.fields(context.principal(), CREDIT_NOTES)
    return fields.redact(credit_note_out(note))


@bp.post(
    "/credit-notes",
    body=CreditNoteCreate,
    response=CreditNoteOut,
    status=201,
    permission=(CREDIT_NOTES, "create"),
)
def create_credit_note(body: CreditNoteCreate) -> Reply:
    """Credit an issued invoice (the excess over its balance is credit)."""
    note = service(Billing).run(parse.issue_credit_note(body), caller=context.principal())
    return Reply(_shown(note), location=f"{BASE}/{note.id}", etag=note.version)


@bp.get("/credit-notes/<credit_note_id>", response=CreditNoteOut, permission=VIEW)
def get_credit_note(credit_note_id: UUID) -> Reply:
    """Get a credit note."""
    note = service(Billing).queries.get(CREDIT_NOTES, context.principal(), credit_note_id)
    return Reply(_shown(note), etag=note.version)


@bp.get("/credit-notes", query=CreditNoteListQuery, response=Page[CreditNoteOut], permission=VIEW)
def list_credit_notes(query: CreditNoteListQuery) -> dict[str, Any]:
    """List credit notes (keyset paged)."""
    app, caller = service(Billing), context.principal()
    items, cursor = app.queries.list(CREDIT_NOTES, caller, parse.list_params(query, FILTERS))
    fields = app.access.fields(caller, CREDIT_NOTES)
    return {"items": [fields.redact(credit_note_out(n)) for n in items], "next_cursor": cursor}
