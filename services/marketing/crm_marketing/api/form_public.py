"""The public submission endpoint of online lead forms: ``POST /forms/{id}/submissions``.

Public (``public=True``, like identity's token endpoint): no token, a JSON or form-encoded
body. The gateway routes it without a token, with a stricter per-address limit of its own.
Browser posts (form-encoded with ``Accept: text/html``) get a 303 to the form's thank-you
page, or to its error page with ``?reason=...`` when refused; other clients get 201 or a
problem+json naming the ``reason`` (domain/submissions.py lists them). CORS headers go to
the form's allowed origins only, on answers and on preflights (:func:`install_preflight`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit
from uuid import UUID

from flask import Flask, Response, request

from crm_chassis.errors import (
    AppError,
    BadRequest,
    Conflict,
    Forbidden,
    InvalidFields,
    RateLimited,
)
from crm_chassis.http import Blueprint, Reply, service
from crm_marketing.api.form_schemas import SubmissionAnswer, SubmissionIn
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.form_commands import SubmitForm
from crm_marketing.domain.forms import Form
from crm_marketing.domain.submissions import REASONS, Submission
from crm_marketing.service.form_queries import public_form

bp = Blueprint("form_submissions", tag="forms")
BASE = "/api/marketing/v1"
FORM_ENCODED = "application/x-www-form-urlencoded"
#: A client may retry after this many seconds (the limits count the last hour).
RETRY_AFTER = "600"
SUBMISSIONS_PATH = re.compile(rf"^{BASE}/forms/([^/]+)/submissions$")


@bp.post(
    "/forms/<form_id>/submissions",
    body=SubmissionIn,
    response=SubmissionAnswer,
    status=201,
    public=True,
    form=True,
    idempotent=False,
    summary="Submit a form (public, no token): a lead for sales, or why it was refused",
)
def submit(form_id: UUID, body: SubmissionIn) -> Reply:
    app = service(Marketing)
    form = public_form(app.db, form_id)
    origin = request.headers.get("Origin") or None
    command = SubmitForm(
        form_id,
        values=body.values(),
        honeypot=body.confirm_email_address or "",
        stamp=body.form_stamp or "",
        # A sandboxed page or file:// sends "null": an origin no form can allow.
        origin=origin,
        client_address=client_address(app.settings.trusted_proxy_hops),
        client_key=body.submission_key,
    )
    submission = app.run(command)
    cors = cors_headers(form, origin)
    browser = is_browser_post()
    if submission.status == "accepted":
        if browser and form.spec.thank_you_url:
            return Reply(status=303, location=form.spec.thank_you_url, headers=cors)
        location = f"{BASE}/forms/{form_id}/submissions/{submission.id}"
        return Reply(_answer(submission), location=location, headers=cors)
    if browser and form.spec.error_url:
        target = with_reason(form.spec.error_url, submission.reason or "invalid")
        return Reply(status=303, location=target, headers=cors)
    raise refusal(submission, cors)


def _answer(s: Submission) -> dict[str, Any]:
    return {"id": s.id, "form_id": s.form_id, "status": s.status, "created_at": s.created_at}


def client_address(trusted_hops: int) -> str:
    """The caller's address: the one our ``trusted_hops`` proxies saw, else the peer."""
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a]
    if trusted_hops > 0 and len(forwarded) >= trusted_hops:
        return forwarded[-trusted_hops][:64]
    return request.remote_addr or ""


def is_browser_post() -> bool:
    """A plain HTML form's post: form-encoded and wanting a page back."""
    media = (request.mimetype or "").lower()
    return media == FORM_ENCODED and "text/html" in request.headers.get("Accept", "")


def cors_headers(form: Form, origin: str | None) -> dict[str, str]:
    """CORS for the form's allowed origins only; other origins get none (and are refused)."""
    if origin is None or origin.lower() not in form.spec.allowed_origins:
        return {"Vary": "Origin"}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def with_reason(url: str, reason: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"reason": reason})) if q)
    return urlunsplit(parts._replace(query=query))


def refusal(s: Submission, headers: dict[str, str]) -> AppError:
    """The problem a refused submission answers, naming its ``reason``."""
    reason = s.reason or "invalid"
    detail = s.detail or ""
    kinds: dict[int, type[AppError]] = {403: Forbidden, 409: Conflict, 429: RateLimited}
    status = REASONS[reason]
    if status == 422:
        error: AppError = InvalidFields(list(s.errors), detail)
    else:
        error = kinds.get(status, BadRequest)(detail)
    if status == 429:
        error.headers["Retry-After"] = RETRY_AFTER
    error.extra["reason"] = reason
    error.headers.update(headers)
    return error


def install_preflight(flask_app: Flask) -> None:
    """Answer CORS preflights of the submission endpoint for the form's allowed origins
    (Flask answers OPTIONS itself; this adds the headers a browser needs for a JSON post)."""

    @flask_app.after_request
    def _preflight(response: Response) -> Response:
        found = SUBMISSIONS_PATH.match(request.path)
        if request.method != "OPTIONS" or found is None:
            return response
        origin = request.headers.get("Origin")
        try:
            form = public_form(service(Marketing).db, UUID(found.group(1)))
        except (AppError, ValueError):
            return response
        allowed = cors_headers(form, origin)
        if "Access-Control-Allow-Origin" in allowed:
            allowed["Access-Control-Allow-Methods"] = "POST"
            allowed["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            allowed["Access-Control-Max-Age"] = "600"
        response.headers.update(allowed)
        return response
