"""The audit log (administrators only): newest first, keyset paged."""

from __future__ import annotations

from crm_chassis.http import Blueprint, Page, service
from crm_identity.api import SETTINGS_VIEW
from crm_identity.api.access_schemas import AuditEventOut, AuditQuery
from crm_identity.bootstrap import Identity
from crm_identity.service.queries import AuditFilter

bp = Blueprint("audit-events")


@bp.get(
    "/audit-events",
    query=AuditQuery,
    response=Page[AuditEventOut],
    permission=SETTINGS_VIEW,
    summary="The audit log, newest first (filters: type, actor_id, subject_id, since)",
)
def list_audit_events(query: AuditQuery) -> Page[AuditEventOut]:
    rows, cursor = service(Identity).queries.audit_events(AuditFilter(**query.model_dump()))
    items = [AuditEventOut.model_validate(r, from_attributes=True) for r in rows]
    return Page[AuditEventOut](items=items, next_cursor=cursor)
