"""Business calendars: every ticket reader reads them, administrators change them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_support.api.sla_schemas import (
    CalendarIn,
    CalendarOut,
    CalendarPatch,
    calendar_fields,
    calendar_out,
)
from crm_support.bootstrap import Support
from crm_support.domain.sla_commands import ChangeCalendar, CreateCalendar, DeleteCalendar
from crm_support.service.sla_access import ADMIN, READ

BASE = "/api/support/v1/calendars"

bp = Blueprint("calendars")


@bp.get("/calendars", response=Page[CalendarOut], permission=READ, staff_only=True)
def list_calendars() -> dict[str, Any]:
    """List business calendars (by name)."""
    found = service(Support).sla.calendars(context.principal())
    return {"items": [calendar_out(c) for c in found], "next_cursor": None}


@bp.get("/calendars/<calendar_id>", response=CalendarOut, permission=READ, staff_only=True)
def get_calendar(calendar_id: UUID) -> Reply:
    """Get a business calendar."""
    calendar = service(Support).sla.calendar(context.principal(), calendar_id)
    return Reply(calendar_out(calendar), etag=calendar.version)


@bp.post("/calendars", body=CalendarIn, response=CalendarOut, status=201, permission=ADMIN)
def create_calendar(body: CalendarIn) -> Reply:
    """Create a business calendar (administrators)."""
    command = CreateCalendar(fields=calendar_fields(body))
    calendar = service(Support).run(command, caller=context.principal())
    return Reply(calendar_out(calendar), location=f"{BASE}/{calendar.id}", etag=calendar.version)


@bp.patch("/calendars/<calendar_id>", body=CalendarPatch, response=CalendarOut, permission=ADMIN)
def change_calendar(calendar_id: UUID, body: CalendarPatch) -> Reply:
    """Correct a business calendar (administrators); open tickets' due times follow."""
    command = ChangeCalendar(
        calendar_id=calendar_id,
        fields=calendar_fields(body),
        sent=body.sent,
        expected_version=if_match(),
    )
    calendar = service(Support).run(command, caller=context.principal())
    return Reply(calendar_out(calendar), etag=calendar.version)


@bp.delete("/calendars/<calendar_id>", response=None, permission=ADMIN)
def delete_calendar(calendar_id: UUID) -> None:
    """Delete a calendar no SLA policy uses (administrators; 409 naming the policies)."""
    service(Support).run(DeleteCalendar(calendar_id), caller=context.principal())
