"""Submissions of online lead forms: the spam decisions, the value checks, the lead made.

A public submission is judged in a fixed order, each step cheap before the next:

1. the form must be active (409 ``form_inactive``);
2. a present ``Origin`` must be one of the form's allowed origins (403 ``origin``);
3. rate limits per client address (all forms) and per form, over the last hour (429
   ``rate_ip`` / ``rate_form``); such refusals are not stored, so a flood writes nothing;
4. the honeypot must be empty (400 ``honeypot``);
5. the signed render stamp must be present and genuine (400 ``stamp``) and older than the
   form's minimum fill time (400 ``too_fast``);
6. every field must be valid (422 ``invalid``, naming the fields).

Every refusal from step 2 on is stored as a rejected submission with its reason (staff see
why), and nothing else is created; only an accepted one emits ``LeadCaptured``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_chassis.fields import EMAIL
from crm_marketing.domain.forms import Form, FormField

ACCEPTED = "accepted"
REJECTED = "rejected"
SUBMISSION_STATUSES = (ACCEPTED, REJECTED)
#: Reasons a submission is refused, with the status the public endpoint answers.
REASONS: dict[str, int] = {
    "form_inactive": 409,
    "origin": 403,
    "rate_ip": 429,
    "rate_form": 429,
    "honeypot": 400,
    "stamp": 400,
    "too_fast": 400,
    "invalid": 422,
}
MESSAGES: dict[str, str] = {
    "form_inactive": "This form does not accept submissions.",
    "origin": "This form does not accept submissions from this web site.",
    "rate_ip": "Too many submissions from this address; try again later.",
    "rate_form": "This form received too many submissions; try again later.",
    "honeypot": "The submission looks automated (a hidden field was filled).",
    "stamp": "The form's render stamp is missing or not genuine; reload the form.",
    "too_fast": "The form was submitted faster than a person can fill it; try again.",
    "invalid": "Some fields are not valid.",
}
#: Control characters are refused, except the line breaks a textarea holds.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
PHONE = re.compile(r"^[0-9+()./\- ]{3,40}$")
TRUE = ("1", "true", "on", "yes")


@dataclass(frozen=True)
class Visit:
    """What the endpoint knows about one submission before reading its fields."""

    origin: str | None
    honeypot: str
    #: Seconds since the form was rendered (None: stamp missing or forged).
    stamp_age: float | None
    hits_from_ip: int
    hits_on_form: int


@dataclass(frozen=True)
class Refusal:
    reason: str
    errors: tuple[FieldError, ...] = ()

    @property
    def status(self) -> int:
        return REASONS[self.reason]

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]

    @property
    def stored(self) -> bool:
        """Rate-limit refusals are not stored: a flood must write nothing."""
        return self.reason not in ("rate_ip", "rate_form")


def screen(form: Form, visit: Visit, *, ip_limit_per_hour: int) -> Refusal | None:
    """Steps 1-5 of the module docstring: why this visit is refused, or None."""
    if not form.accepts:
        return Refusal("form_inactive")
    if visit.origin is not None and visit.origin.lower() not in form.spec.allowed_origins:
        return Refusal("origin")
    if visit.hits_from_ip >= ip_limit_per_hour:
        return Refusal("rate_ip")
    if visit.hits_on_form >= form.spec.rate_limit_per_hour:
        return Refusal("rate_form")
    if visit.honeypot.strip():
        return Refusal("honeypot")
    if visit.stamp_age is None:
        return Refusal("stamp")
    if visit.stamp_age < form.spec.min_fill_seconds:
        return Refusal("too_fast")
    return None


def check_values(form: Form, raw: dict[str, str]) -> tuple[dict[str, str], list[FieldError]]:
    """Step 6: the cleaned values of the form's fields and the errors (unknown names are
    ignored: a page may carry fields of its own)."""
    values: dict[str, str] = {}
    errors: list[FieldError] = []
    for f in form.spec.fields:
        value = unicodedata.normalize("NFC", raw.get(f.name, "")).strip()
        problem = _problem(f, value)
        if problem:
            errors.append(FieldError(f.name, problem))
        elif value:
            values[f.name] = "true" if f.type == "checkbox" else value
    return values, errors


def _problem(f: FormField, value: str) -> str | None:
    if f.type == "checkbox":
        value = "true" if value.lower() in TRUE else ""
    if not value:
        return "is required" if f.required else None
    if len(value) > f.max_length:
        return f"is at most {f.max_length} characters"
    if CONTROL.search(value) or (f.type != "textarea" and ("\n" in value or "\r" in value)):
        return "contains control characters"
    if f.type == "email" and not EMAIL.match(value):
        return "is not an e-mail address"
    if f.type == "phone" and not PHONE.match(value):
        return "is not a phone number"
    if f.type == "url" and not re.match(r"^https?://\S+$", value):
        return "is not a web address (http or https)"
    if f.type == "select" and value not in f.choices:
        return f"must be one of: {', '.join(f.choices)}"
    return None


@dataclass(frozen=True)
class CapturedLead:
    """The lead a submission describes, in LeadCaptured's terms."""

    fields: dict[str, str]
    address: dict[str, str]
    extra: dict[str, str]


def lead_of(form: Form, values: dict[str, str]) -> CapturedLead:
    """Map the cleaned values to lead fields; unmapped ones go to ``extra``."""
    fields: dict[str, str] = {}
    address: dict[str, str] = {}
    extra: dict[str, str] = {}
    for f in form.spec.fields:
        value = values.get(f.name)
        if value is None:
            continue
        if f.maps_to is None:
            extra[f.name] = value
        elif f.maps_to.startswith("address."):
            address[f.maps_to.removeprefix("address.")] = value
        else:
            fields[f.maps_to] = value
    return CapturedLead(fields, address, extra)


@dataclass
class Submission:
    """One stored submission, accepted (a lead was captured) or rejected (and why)."""

    id: UUID
    form_id: UUID
    status: str
    created_at: datetime
    ip_hash: str
    reason: str | None = None
    detail: str | None = None
    origin: str | None = None
    client_key: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    errors: tuple[FieldError, ...] = ()
    campaign_id: UUID | None = None
    events: list[object] = field(default_factory=list)
