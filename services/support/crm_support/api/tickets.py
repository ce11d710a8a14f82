"""Tickets: open, read, list and search, change (fields, owner, status), history.

A portal caller (scopes ``portal.tickets.read|write``) lists, reads and opens its own
account's tickets only; another account's ticket answers 404 exactly like a random id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_support.api.caller import field_access, run, support
from crm_support.api.schemas import (
    HistoryOut,
    TicketCreate,
    TicketListQuery,
    TicketOut,
    TicketPatch,
    TimeIn,
    list_params,
    record,
)
from crm_support.api.sla_schemas import sla_out
from crm_support.domain.commands import ChangeTicket, LogTime, OpenTicket
from crm_support.domain.tickets import TICKET_STATUS, Ticket
from crm_support.service.access import TICKETS
from crm_support.service.sla import TicketSla

bp = Blueprint("tickets")
BASE = "/api/support/v1/tickets"


def ticket_out(ticket: Ticket, sla: TicketSla | None = None) -> dict[str, Any]:
    out = record(ticket, TicketOut, field_access())
    if "status" in out:
        out["allowed_next"] = list(TICKET_STATUS.allowed(ticket.status))
    # Staff see every ticket's SLA (h/sla); customers do not see our targets.
    if context.principal().kind != "portal":
        out["sla"] = sla_out(sla or support().sla.slas([ticket.id])[ticket.id])
    return out


@bp.post(
    "/tickets",
    body=TicketCreate,
    response=TicketOut,
    status=201,
    permission=(TICKETS, "create"),
    summary="Open a ticket (numbered TT-YYYY-NNNNNN; without owner_id the rules assign it)",
)
def open_ticket(body: TicketCreate) -> Reply:
    ticket = run(OpenTicket(body.to_fields(), body.sent, context.caller_token()))
    return Reply(ticket_out(ticket), location=f"{BASE}/{ticket.id}", etag=ticket.version)


@bp.get("/tickets/<ticket_id>", response=TicketOut, permission=(TICKETS, "view"))
def get_ticket(ticket_id: UUID) -> Reply:
    """Get a ticket."""
    ticket = support().queries.get(context.principal(), ticket_id)
    return Reply(ticket_out(ticket), etag=ticket.version)


@bp.get(
    "/tickets",
    query=TicketListQuery,
    response=Page[TicketOut],
    permission=(TICKETS, "view"),
    summary="List tickets (keyset; sort created_at, updated_at, number; q= number, title, "
    "description)",
)
def list_tickets(query: TicketListQuery) -> dict[str, Any]:
    found, cursor = support().queries.list(context.principal(), list_params(query))
    slas = support().sla.slas([t.id for t in found])
    return {"items": [ticket_out(t, slas.get(t.id)) for t in found], "next_cursor": cursor}


@bp.patch(
    "/tickets/<ticket_id>",
    body=TicketPatch,
    response=TicketOut,
    permission=(TICKETS, "edit"),
    staff_only=True,
    summary="Change a ticket: the sent fields, owner_id (reassign), status (the machine; "
    "reopening a Closed ticket needs a reason)",
)
def patch_ticket(ticket_id: UUID, body: TicketPatch) -> Reply:
    command = ChangeTicket(
        ticket_id,
        body.to_fields(),
        body.sent - {"status", "reason"},
        status=body.status,
        reason=body.reason,
        expected_version=if_match(),
        token=context.caller_token(),
    )
    ticket = run(command)
    return Reply(ticket_out(ticket), etag=ticket.version)


@bp.post(
    "/tickets/<ticket_id>/time",
    body=TimeIn,
    response=TicketOut,
    permission=(TICKETS, "edit"),
    staff_only=True,
    summary="Log worked minutes on a ticket (added to time_spent_minutes; staff)",
)
def log_time(ticket_id: UUID, body: TimeIn) -> Reply:
    ticket = run(LogTime(ticket_id, body.minutes))
    return Reply(ticket_out(ticket), etag=ticket.version)


@bp.get(
    "/tickets/<ticket_id>/history",
    response=Page[HistoryOut],
    permission=(TICKETS, "view"),
    staff_only=True,
    summary="Status, owner and priority changes of a ticket, oldest first (staff only)",
)
def ticket_history(ticket_id: UUID) -> dict[str, Any]:
    changes = support().queries.history(context.principal(), ticket_id)
    return {"items": changes, "next_cursor": None}
