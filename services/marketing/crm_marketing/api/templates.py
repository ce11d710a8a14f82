"""Mail-merge templates: the campaigns module reads and changes them; a preview renders one
for a contact or lead the caller may see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, ListQuery, Page, Reply, if_match, service
from crm_chassis.pagination import ListParams
from crm_marketing.api.audience_schemas import (
    PreviewIn,
    RenderedOut,
    TemplateIn,
    TemplateOut,
    TemplatePatch,
    rendered_out,
    template_fields,
    template_out,
)
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.audience_commands import (
    ChangeTemplate,
    CreateTemplate,
    DeleteTemplate,
    PreviewTemplate,
)
from crm_marketing.service.audience_access import CREATE, DELETE, EDIT, READ

BASE = "/api/marketing/v1/templates"

bp = Blueprint("templates")


@bp.get("/templates", query=ListQuery, response=Page[TemplateOut], permission=READ)
def list_templates(query: ListQuery) -> dict[str, Any]:
    """List templates (sort name, created_at, updated_at; q matches the name)."""
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
    )
    items, cursor = service(Marketing).audience.templates(context.principal(), params)
    return {"items": [template_out(t) for t in items], "next_cursor": cursor}


@bp.get("/templates/<template_id>", response=TemplateOut, permission=READ)
def get_template(template_id: UUID) -> Reply:
    """Get a template."""
    template = service(Marketing).audience.template(context.principal(), template_id)
    return Reply(template_out(template), etag=template.version)


@bp.post("/templates", body=TemplateIn, response=TemplateOut, status=201, permission=CREATE)
def create_template(body: TemplateIn) -> Reply:
    """Create a template; unknown fields, syntax errors and sandbox escapes are a 422."""
    command = CreateTemplate(fields=template_fields(body))
    template = service(Marketing).run(command, caller=context.principal())
    return Reply(template_out(template), location=f"{BASE}/{template.id}", etag=template.version)


@bp.patch("/templates/<template_id>", body=TemplatePatch, response=TemplateOut, permission=EDIT)
def change_template(template_id: UUID, body: TemplatePatch) -> Reply:
    """Change a template (checked as a whole again; If-Match honoured)."""
    command = ChangeTemplate(
        template_id=template_id,
        fields=template_fields(body),
        sent=body.sent,
        expected_version=if_match(),
    )
    template = service(Marketing).run(command, caller=context.principal())
    return Reply(template_out(template), etag=template.version)


@bp.delete("/templates/<template_id>", response=None, permission=DELETE)
def delete_template(template_id: UUID) -> None:
    """Delete a template."""
    service(Marketing).run(DeleteTemplate(template_id), caller=context.principal())


@bp.post("/templates/<template_id>/preview", body=PreviewIn, response=RenderedOut, permission=READ)
def preview_template(template_id: UUID, body: PreviewIn) -> dict[str, Any]:
    """Render a template for one contact or lead, read with the caller's rights (fields
    the caller may not see render empty)."""
    command = PreviewTemplate(
        template_id=template_id,
        contact_id=body.contact_id,
        lead_id=body.lead_id,
        token=context.caller_token(),
    )
    return rendered_out(service(Marketing).run(command, caller=context.principal()))
