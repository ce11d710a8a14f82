"""Segments: saved filters over contacts and leads, and their preview."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, ListQuery, Page, Reply, if_match, service
from crm_chassis.pagination import ListParams
from crm_marketing.api.list_schemas import (
    AudiencePreviewOut,
    PreviewQuery,
    SegmentIn,
    SegmentOut,
    SegmentPatch,
    out,
    preview_out,
    segment_fields,
)
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.audience_commands import (
    ChangeSegment,
    CreateSegment,
    DeleteSegment,
    PreviewAudience,
)
from crm_marketing.service.audience_access import CREATE, DELETE, EDIT, READ

BASE = "/api/marketing/v1/segments"

bp = Blueprint("segments")


@bp.get("/segments", query=ListQuery, response=Page[SegmentOut], permission=READ)
def list_segments(query: ListQuery) -> dict[str, Any]:
    """List segments (sort name, created_at, updated_at; q matches the name)."""
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
    )
    items, cursor = service(Marketing).audience.segments(context.principal(), params)
    return {"items": [out(SegmentOut, i) for i in items], "next_cursor": cursor}


@bp.get("/segments/<segment_id>", response=SegmentOut, permission=READ)
def get_segment(segment_id: UUID) -> Reply:
    """Get a segment."""
    found = service(Marketing).audience.segment(context.principal(), segment_id)
    return Reply(out(SegmentOut, found), etag=found.version)


@bp.post("/segments", body=SegmentIn, response=SegmentOut, status=201, permission=CREATE)
def create_segment(body: SegmentIn) -> Reply:
    """Save a segment; a bad filter is a 422 naming ``filter.<field>``."""
    found = service(Marketing).run(
        CreateSegment(fields=segment_fields(body)), caller=context.principal()
    )
    return Reply(out(SegmentOut, found), location=f"{BASE}/{found.id}", etag=found.version)


@bp.patch("/segments/<segment_id>", body=SegmentPatch, response=SegmentOut, permission=EDIT)
def change_segment(segment_id: UUID, body: SegmentPatch) -> Reply:
    """Change a segment (the filter checked again; If-Match honoured)."""
    command = ChangeSegment(
        segment_id=segment_id,
        fields=segment_fields(body),
        sent=frozenset(body.model_fields_set),
        expected_version=if_match(),
    )
    found = service(Marketing).run(command, caller=context.principal())
    return Reply(out(SegmentOut, found), etag=found.version)


@bp.delete("/segments/<segment_id>", response=None, permission=DELETE)
def delete_segment(segment_id: UUID) -> None:
    """Delete a segment."""
    service(Marketing).run(DeleteSegment(segment_id), caller=context.principal())


@bp.get(
    "/segments/<segment_id>/preview",
    query=PreviewQuery,
    response=AudiencePreviewOut,
    permission=READ,
)
def preview_segment(segment_id: UUID, query: PreviewQuery) -> dict[str, Any]:
    """Count the segment's recipients (paged List calls with the caller's token, consent
    applied) and show the first ``limit``."""
    command = PreviewAudience(segment_id, limit=query.limit, token=context.caller_token())
    return preview_out(service(Marketing).run(command, caller=context.principal()))
