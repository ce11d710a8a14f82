"""Lists, segments and templates as references: what a preview or a mailing names must be a
record the caller may see (record-level access, ``service/audience_access.py``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, InvalidFields
from crm_marketing.adapters.list_store import ListStore
from crm_marketing.adapters.template_store import TemplateStore
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.audience_access import visible


def audience_record(session: Session, audience_id: UUID, kind: str | None = None) -> Any:
    """The list or segment ``audience_id`` names (of ``kind`` when given), or None."""
    store = ListStore(session)
    if kind == "segment":
        return store.get_segment(audience_id)
    if kind == "list":
        return store.get_list(audience_id)
    return store.get_segment(audience_id) or store.get_list(audience_id)


def visible_audience(
    session: Session, access: RecordAccess, caller: Principal, audience_id: UUID
) -> Any:
    """The list or segment, else 404 (absent, or not the caller's to see)."""
    found = audience_record(session, audience_id)
    return visible(access, caller, found, "Mailing list or segment", audience_id, "view")


def check_mailing_references(
    session: Session,
    access: RecordAccess,
    caller: Principal,
    *,
    template_id: UUID | None,
    audience_kind: str | None,
    audience_id: UUID | None,
) -> None:
    """422 naming ``template_id`` / ``audience_id`` when either names no template, list or
    segment the caller may see (as a campaign reference is checked)."""
    errors = []
    if template_id is not None:
        found = TemplateStore(session).get(template_id)
        if found is None or not access.can_see(caller, CAMPAIGNS, found):
            errors.append(FieldError("template_id", "is not a template you can see"))
    if audience_id is not None:
        found = audience_record(session, audience_id, audience_kind)
        if found is None or not access.can_see(caller, CAMPAIGNS, found):
            kind = audience_kind if audience_kind in ("list", "segment") else "list or segment"
            errors.append(FieldError("audience_id", f"is not a {kind} you can see"))
    if errors:
        raise InvalidFields(errors)
