"""Online lead forms for staff: definitions, embed snippets, the stored submissions.

The public submission endpoint is in ``form_public.py``. Forms belong to the campaigns
module (``FORMS``); each form has an owner, so record access applies as for any owned record.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_marketing.api.form_schemas import (
    EmbedOut,
    FormIn,
    FormOut,
    FormPatch,
    FormsQuery,
    SubmissionOut,
    SubmissionsQuery,
)
from crm_marketing.api.form_snippet import snippet
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.form_commands import DefineForm, ReviseForm
from crm_marketing.domain.forms import Form, FormSpec
from crm_marketing.domain.submissions import Submission
from crm_marketing.service.access import FORMS
from crm_marketing.service.form_queries import FormFilter, FormQueries

bp = Blueprint("forms")
BASE = "/api/marketing/v1"
FORM_ENCODED = "application/x-www-form-urlencoded"


def _queries(app: Marketing) -> FormQueries:
    return FormQueries(app.db, app.access)


def submit_url(app: Marketing, form_id: UUID) -> str:
    return f"{app.settings.public_base_url.rstrip('/')}{BASE}/forms/{form_id}/submissions"


def form_out(app: Marketing, form: Form) -> dict[str, Any]:
    spec = form.spec
    return {
        "id": form.id,
        "name": spec.name,
        "status": form.status,
        "owner_id": form.owner_id,
        "campaign_id": spec.campaign_id,
        "lead_owner_id": spec.lead_owner_id,
        "fields": [{**vars(f), "choices": list(f.choices)} for f in spec.fields],
        "thank_you_url": spec.thank_you_url,
        "error_url": spec.error_url,
        "allowed_origins": list(spec.allowed_origins),
        "min_fill_seconds": spec.min_fill_seconds,
        "rate_limit_per_hour": spec.rate_limit_per_hour,
        "description": spec.description,
        "submit_url": submit_url(app, form.id),
        "created_at": form.created_at,
        "updated_at": form.updated_at,
        "version": form.version,
    }


@bp.post("/forms", body=FormIn, response=FormOut, status=201, permission=(FORMS, "create"))
def create_form(body: FormIn) -> Reply:
    """Define a form (active at once); its campaign and owners must exist (422)."""
    app = service(Marketing)
    form = app.run(DefineForm(body.to_spec(), body.owner_id), caller=context.principal())
    return Reply(form_out(app, form), location=f"{BASE}/forms/{form.id}", etag=form.version)


@bp.get("/forms", query=FormsQuery, response=Page[FormOut], permission=(FORMS, "view"))
def list_forms(query: FormsQuery) -> dict[str, Any]:
    """The forms the caller may see, newest first."""
    app = service(Marketing)
    wanted = FormFilter(query.status, query.campaign_id, query.q, query.updated_since, query.sort)
    forms, cursor = _queries(app).forms(
        context.principal(), wanted, limit=query.limit, cursor=query.cursor
    )
    return {"items": [form_out(app, f) for f in forms], "next_cursor": cursor}


@bp.get("/forms/<form_id>", response=FormOut, permission=(FORMS, "view"))
def get_form(form_id: UUID) -> Reply:
    app = service(Marketing)
    form = _queries(app).form(context.principal(), form_id)
    return Reply(form_out(app, form), etag=form.version)


@bp.patch("/forms/<form_id>", body=FormPatch, response=FormOut, permission=(FORMS, "edit"))
def update_form(form_id: UUID, body: FormPatch) -> Reply:
    """Change a form's attributes or status (active <-> inactive); honours If-Match."""
    app = service(Marketing)
    sent = frozenset(body.model_fields_set)
    given = {k: v for k, v in body.model_dump(exclude={"owner_id", "status"}).items() if k in sent}
    if "fields" in given:
        given["fields"] = tuple(f.to_field() for f in body.fields or ())
    if "allowed_origins" in given:
        given["allowed_origins"] = tuple(given["allowed_origins"] or ())
    spec = FormSpec(**{"name": "", "fields": (), **given})
    command = ReviseForm(form_id, spec, sent - {"status"}, body.owner_id, body.status, if_match())
    form = app.run(command, caller=context.principal())
    return Reply(form_out(app, form), etag=form.version)


@bp.get("/forms/<form_id>/embed", response=EmbedOut, permission=(FORMS, "view"))
def embed(form_id: UUID) -> dict[str, Any]:
    """A plain HTML form posting to the public endpoint, with the honeypot and a render
    stamp signed now (render it per page view: the stamp times the visitor's fill)."""
    app = service(Marketing)
    form = _queries(app).form(context.principal(), form_id)
    stamp = app.run.dependency("stamps").stamp(form.id)
    action = submit_url(app, form.id)
    return {
        "form_id": form.id,
        "action": action,
        "stamp": stamp,
        "html": snippet(form, action, stamp),
    }


@bp.get(
    "/forms/<form_id>/submissions",
    query=SubmissionsQuery,
    response=Page[SubmissionOut],
    permission=(FORMS, "view"),
)
def list_submissions(form_id: UUID, query: SubmissionsQuery) -> dict[str, Any]:
    """A form's submissions, newest first, accepted and rejected (with the reason)."""
    app = service(Marketing)
    found, cursor = _queries(app).submissions(
        context.principal(), form_id, status=query.status, limit=query.limit, cursor=query.cursor
    )
    return {"items": [submission_out(s) for s in found], "next_cursor": cursor}


def submission_out(s: Submission) -> dict[str, Any]:
    return {
        "id": s.id,
        "form_id": s.form_id,
        "status": s.status,
        "reason": s.reason,
        "detail": s.detail,
        "origin": s.origin,
        "campaign_id": s.campaign_id,
        "values": s.values,
        "errors": [{"field": e.field, "message": e.message} for e in s.errors],
        "created_at": s.created_at,
    }


@bp.get(
    "/forms/<form_id>/submissions/<submission_id>",
    response=SubmissionOut,
    permission=(FORMS, "view"),
)
def get_submission(form_id: UUID, submission_id: UUID) -> dict[str, Any]:
    """One submission of a form the caller may see."""
    app = service(Marketing)
    return submission_out(_queries(app).submission(context.principal(), form_id, submission_id))
