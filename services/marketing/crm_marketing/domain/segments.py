"""Segments: saved filters over contacts and leads, resolved when a mailing is sent.

The filter names what contacts' and sales' paged ``List`` calls can select in SQL (account
type, industry, area, tags, lead status and source, owner, created or changed since), so
resolving a segment is a few pages, never one call per record. It is checked when saved:
an unknown field, a value of the wrong shape, or a field the chosen record types do not
have is a 422 naming ``filter.<field>``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_marketing.domain.audience_errors import InvalidFilter

CONTACTS, LEADS, BOTH = "contacts", "leads", "both"
RECORD_TYPES = (CONTACTS, LEADS, BOTH)
#: List filters (any of the values matches) and the record types that have them.
LIST_FIELDS: dict[str, frozenset[str]] = {
    # The contact's account's type, industry and area; a lead's own industry.
    "account_types": frozenset({CONTACTS}),
    "industries": frozenset({CONTACTS, LEADS}),
    "areas": frozenset({CONTACTS}),
    "tags": frozenset({CONTACTS, LEADS}),
    "lead_statuses": frozenset({LEADS}),
    "lead_sources": frozenset({CONTACTS, LEADS}),
}
TIME_FIELDS = ("created_since", "updated_since")
FIELDS = (*LIST_FIELDS, "owner_id", *TIME_FIELDS)
MAX_VALUES = 50
MAX_VALUE = 100


def kinds(record_types: str) -> tuple[str, ...]:
    """The record kinds ("contact", "lead") a segment of these types reads."""
    return {CONTACTS: ("contact",), LEADS: ("lead",), BOTH: ("contact", "lead")}[record_types]


def check_filter(raw: Any, record_types: str) -> dict[str, Any]:
    """The filter as stored (JSON: lists of trimmed strings, ISO times), or InvalidFilter
    naming every bad field."""
    errors: list[FieldError] = []
    if record_types not in RECORD_TYPES:
        errors.append(FieldError("record_types", f"must be one of {list(RECORD_TYPES)}"))
    if not isinstance(raw, Mapping):
        raise InvalidFilter("The filter is not valid.", errors=[FieldError("filter", "an object")])
    clean: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None or value == []:
            continue
        problem, kept = _check(str(name), value, record_types)
        if problem:
            errors.append(FieldError(f"filter.{name}", problem))
        else:
            clean[str(name)] = kept
    if errors:
        raise InvalidFilter("The segment's filter is not valid.", errors=errors)
    return clean


def _check(name: str, value: Any, record_types: str) -> tuple[str | None, Any]:
    if name in LIST_FIELDS:
        if record_types in RECORD_TYPES and record_types != BOTH:
            if record_types not in LIST_FIELDS[name]:
                return f"{record_types} have no such field", None
        return _strings(value)
    if name == "owner_id":
        try:
            return None, str(UUID(str(value)))
        except ValueError:
            return "not a UUID", None
    if name in TIME_FIELDS:
        return _time(value)
    return f"unknown filter field; use one of {list(FIELDS)}", None


def _strings(value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "a list of strings", None
    cleaned = sorted({v.strip() for v in value if v.strip()})
    if len(cleaned) > MAX_VALUES:
        return f"at most {MAX_VALUES} values", None
    if any(len(v) > MAX_VALUE for v in cleaned):
        return f"values of at most {MAX_VALUE} characters", None
    return None, cleaned


def _time(value: Any) -> tuple[str | None, Any]:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return "an RFC 3339 time", None
    if parsed.tzinfo is None:
        return "an RFC 3339 time with its offset", None
    return None, parsed.astimezone(UTC).isoformat()


def criteria(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The stored filter with times and ids parsed, as the People port takes it."""
    found = dict(stored)
    for name in TIME_FIELDS:
        if name in found:
            found[name] = datetime.fromisoformat(found[name])
    if "owner_id" in found:
        found["owner_id"] = UUID(found["owner_id"])
    return found


@dataclass(frozen=True)
class SegmentFields:
    name: str | None = None
    description: str | None = None
    record_types: str | None = None
    filter: Mapping[str, Any] | None = None
    #: A user or group; None on create: the caller (checked by the use case).
    owner_id: UUID | None = None


@dataclass
class Segment:
    id: UUID
    name: str
    record_types: str
    filter: dict[str, Any]
    created_by: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    #: A user or group (record-level access, as campaigns); None: administrators only.
    owner_id: UUID | None = None
    version: int = 1

    @classmethod
    def create(cls, *, id: UUID, fields: SegmentFields, by: str, now: datetime) -> Segment:
        record_types = fields.record_types or BOTH
        checked = check_filter(fields.filter or {}, record_types)
        return cls(
            id=id,
            name=_name(fields.name),
            record_types=record_types,
            filter=checked,
            description=fields.description,
            owner_id=fields.owner_id,
            created_by=by,
            created_at=now,
            updated_at=now,
        )

    def change(self, fields: SegmentFields, sent: Collection[str], now: datetime) -> None:
        """Apply the sent fields; the filter is checked against the (new) record types."""
        record_types = fields.record_types if "record_types" in sent else self.record_types
        raw = fields.filter if "filter" in sent else self.filter
        checked = check_filter(raw or {}, record_types or BOTH)
        name = _name(fields.name) if "name" in sent else self.name
        self.name, self.record_types, self.filter = name, record_types or BOTH, checked
        if "description" in sent:
            self.description = fields.description
        if "owner_id" in sent:
            self.owner_id = fields.owner_id
        self.updated_at = now
        self.version += 1

    def kinds(self) -> tuple[str, ...]:
        return kinds(self.record_types)


def _name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidFilter("A name is required.", errors=[FieldError("name", "required")])
    return cleaned
