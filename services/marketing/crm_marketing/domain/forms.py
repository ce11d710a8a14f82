"""Online lead forms (web-to-lead): a form's definition and the rules it must keep.

A form lists its fields (name, label, type, required, maximum length, choices) and maps each
to a field of the lead it captures (``LEAD_FIELDS``: the fields of marketing's
``LeadCaptured`` event a visitor may fill; unmapped fields travel in the event's ``extra``).
It names the campaign to credit, who gets its leads, where browsers go after a submission
(thank-you and error pages), which web origins may post to it, how long a human needs at
least to fill it, and how many submissions an hour it takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from crm_chassis.fields import Checker
from crm_chassis.states import StateMachine

#: The lead fields a form field may map to: LeadCaptured's visitor-typed fields
#: (protos/crm/marketing/v1/events.proto; tests/unit/test_form_mapping.py keeps them equal).
LEAD_FIELDS: tuple[str, ...] = (
    "salutation",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "phone",
    "mobile",
    "website",
    "industry",
    "description",
    "address.street",
    "address.city",
    "address.state",
    "address.postal_code",
    "address.country",
)
#: A form must capture who the lead is: at least one of these is mapped.
IDENTIFYING = ("last_name", "company", "email")
FIELD_TYPES = ("text", "email", "phone", "url", "textarea", "select", "checkbox", "hidden")
#: Names the public endpoint reads itself: the honeypot (a field bots fill and people never
#: see), the signed render stamp and the client's submission key.
HONEYPOT = "confirm_email_address"
STAMP = "form_stamp"
SUBMISSION_KEY = "submission_key"
RESERVED = frozenset({HONEYPOT, STAMP, SUBMISSION_KEY})
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 40
MAX_LENGTH = 5000
MAX_CHOICES = 100
MAX_ORIGINS = 20
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")

FORM_STATUS = StateMachine(
    "form",
    {"active": frozenset({"inactive"}), "inactive": frozenset({"active"})},
    initial="active",
)


@dataclass(frozen=True)
class FormField:
    """One input of a form and the lead field it fills (None: it goes to ``extra``)."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    max_length: int = 255
    choices: tuple[str, ...] = ()
    maps_to: str | None = None


@dataclass(frozen=True)
class FormSpec:
    """What a marketer defines: every editable attribute of a form."""

    name: str
    fields: tuple[FormField, ...]
    campaign_id: UUID | None = None
    lead_owner_id: UUID | None = None
    thank_you_url: str | None = None
    error_url: str | None = None
    allowed_origins: tuple[str, ...] = ()
    min_fill_seconds: int = 3
    rate_limit_per_hour: int = 100
    description: str | None = None


@dataclass
class Form:
    """A stored form: its spec, status, record owner and version."""

    id: UUID
    spec: FormSpec
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    status: str = "active"
    version: int = 1
    events: list[object] = field(default_factory=list)

    @property
    def accepts(self) -> bool:
        return self.status == "active"

    def revise(self, spec: FormSpec, *, now: datetime) -> None:
        self.spec = spec
        self.updated_at = now
        self.version += 1

    def become(self, status: str, *, now: datetime) -> None:
        FORM_STATUS.check(self.status, status)
        self.status = status
        self.updated_at = now
        self.version += 1

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.spec.fields if f.name == name), None)


def check_spec(spec: FormSpec) -> FormSpec:
    """Return the spec cleaned, or raise one 422 naming every bad field."""
    check = Checker()
    name = check.text("name", spec.name, required=True, max_length=200)
    _check_fields(check, spec.fields)
    for key in ("thank_you_url", "error_url"):
        url = getattr(spec, key)
        if url is not None and not _is_web_url(url):
            check.add(key, "must be an absolute http(s) URL")
    origins = tuple(dict.fromkeys(o.strip().rstrip("/").lower() for o in spec.allowed_origins))
    if len(origins) > MAX_ORIGINS:
        check.add("allowed_origins", f"has at most {MAX_ORIGINS} origins")
    for i, origin in enumerate(origins):
        if not ORIGIN.match(origin):
            check.add(f"allowed_origins[{i}]", "must be an origin such as https://example.com")
    # A PATCH may send null: that is no number either.
    if not isinstance(spec.min_fill_seconds, int) or not 0 <= spec.min_fill_seconds <= 3600:
        check.add("min_fill_seconds", "must be between 0 and 3600")
    limit = spec.rate_limit_per_hour
    if not isinstance(limit, int) or not 1 <= limit <= 100_000:
        check.add("rate_limit_per_hour", "must be between 1 and 100000")
    description = check.text("description", spec.description, max_length=2000)
    check.raise_if_any()
    return replace(spec, name=name or "", allowed_origins=origins, description=description)


def _check_fields(check: Checker, fields: tuple[FormField, ...]) -> None:
    if not fields:
        check.add("fields", "a form needs at least one field")
    if len(fields) > MAX_FIELDS:
        check.add("fields", f"a form has at most {MAX_FIELDS} fields")
    names: set[str] = set()
    mapped: set[str] = set()
    for i, f in enumerate(fields):
        at = f"fields[{i}]"
        if not NAME.match(f.name) or f.name in RESERVED:
            check.add(f"{at}.name", "must be a lower-case identifier, not a reserved name")
        elif f.name in names:
            check.add(f"{at}.name", f"'{f.name}' is used twice")
        names.add(f.name)
        check.text(f"{at}.label", f.label, required=True, max_length=200)
        check.pick(f"{at}.type", f.type, FIELD_TYPES)
        if not 1 <= f.max_length <= MAX_LENGTH:
            check.add(f"{at}.max_length", f"must be between 1 and {MAX_LENGTH}")
        _check_choices(check, at, f)
        _check_mapping(check, at, f, mapped)
    if fields and not mapped & set(IDENTIFYING):
        check.add("fields", f"map at least one field to {', '.join(IDENTIFYING)}")


def _check_choices(check: Checker, at: str, f: FormField) -> None:
    if f.type == "select" and not f.choices:
        check.add(f"{at}.choices", "a select field needs choices")
    elif f.type != "select" and f.choices:
        check.add(f"{at}.choices", "only select fields have choices")
    if len(f.choices) > MAX_CHOICES or any(not c.strip() or len(c) > 200 for c in f.choices):
        check.add(f"{at}.choices", f"at most {MAX_CHOICES} choices of 1 to 200 characters")


def _check_mapping(check: Checker, at: str, f: FormField, mapped: set[str]) -> None:
    if f.maps_to is None:
        return
    if f.maps_to not in LEAD_FIELDS:
        check.add(f"{at}.maps_to", f"must be one of: {', '.join(LEAD_FIELDS)}")
    elif f.maps_to in mapped:
        check.add(f"{at}.maps_to", f"'{f.maps_to}' is mapped twice")
    elif f.maps_to == "email" and f.type not in ("email", "hidden"):
        check.add(f"{at}.type", "a field mapped to email has type email")
    mapped.add(f.maps_to)


def _is_web_url(url: str) -> bool:
    if len(url) > 2000 or any(ord(c) < 33 for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
