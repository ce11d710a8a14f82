"""contacts' and sales' messages <-> the audience's ``Person`` and segment criteria."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from google.protobuf.timestamp_pb2 import Timestamp

from crm_marketing.domain import merge_fields
from crm_marketing.domain.ports import Person

_CONTACT_FIELDS = ("salutation", "first_name", "last_name", "title", "department", "email")
_CONTACT_FIELDS += ("phone", "mobile")
_ACCOUNT_FIELDS = ("name", "account_type", "industry", "area", "website", "phone")
_LEAD_FIELDS = ("salutation", "first_name", "last_name", "company", "title", "email", "phone")
_LEAD_FIELDS += ("industry", "lead_source")


def contact_person(contact: Any, account: Any | None) -> Person:
    values = {n: getattr(contact, n) for n in _CONTACT_FIELDS}
    values["full_name"] = merge_fields.full_name(contact.first_name, contact.last_name)
    groups: dict[str, dict[str, str]] = {"contact": values}
    if account is not None:
        groups["account"] = {n: getattr(account, n) for n in _ACCOUNT_FIELDS}
    return Person(
        kind="contact",
        id=UUID(contact.id),
        email=contact.email or None,
        name=values["full_name"],
        email_opt_out=contact.email_opt_out,
        do_not_contact=contact.do_not_contact,
        merge_fields=groups,
    )


def lead_person(lead: Any) -> Person:
    values = {n: getattr(lead, n) for n in _LEAD_FIELDS}
    values["full_name"] = merge_fields.full_name(lead.first_name, lead.last_name)
    return Person(
        kind="lead",
        id=UUID(lead.id),
        email=lead.email or None,
        name=values["full_name"],
        email_opt_out=lead.email_opt_out,
        do_not_contact=lead.do_not_contact,
        merge_fields={"lead": values},
    )


def _timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _since(criteria: Mapping[str, Any], name: str) -> dict[str, Any]:
    stamp = _timestamp(criteria.get(name))
    return {} if stamp is None else {name: stamp}


def contact_criteria(criteria: Mapping[str, Any]) -> dict[str, Any]:
    """ListContactsRequest fields for a segment's filter (dates already parsed)."""
    return {
        "owner_id": str(criteria.get("owner_id") or ""),
        "tags": list(criteria.get("tags") or ()),
        "account_types": list(criteria.get("account_types") or ()),
        "industries": list(criteria.get("industries") or ()),
        "areas": list(criteria.get("areas") or ()),
        "lead_sources": list(criteria.get("lead_sources") or ()),
        **_since(criteria, "created_since"),
        **_since(criteria, "updated_since"),
    }


def lead_criteria(criteria: Mapping[str, Any]) -> dict[str, Any]:
    """ListLeadsRequest fields for a segment's filter (dates already parsed)."""
    return {
        "owner_id": str(criteria.get("owner_id") or ""),
        "tags": list(criteria.get("tags") or ()),
        "industries": list(criteria.get("industries") or ()),
        "lead_statuses": list(criteria.get("lead_statuses") or ()),
        "lead_sources": list(criteria.get("lead_sources") or ()),
        **_since(criteria, "created_since"),
        **_since(criteria, "updated_since"),
    }
