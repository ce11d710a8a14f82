"""SLA policies: every ticket reader reads them, administrators change them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_support.api.sla_schemas import (
    SlaPolicyIn,
    SlaPolicyOut,
    SlaPolicyPatch,
    TicketSlaOut,
    policy_fields,
    policy_out,
    sla_out,
)
from crm_support.bootstrap import Support
from crm_support.domain.sla_commands import ChangeSlaPolicy, CreateSlaPolicy, DeleteSlaPolicy
from crm_support.service.sla_access import ADMIN, READ

BASE = "/api/support/v1/sla-policies"

bp = Blueprint("sla_policies", tag="sla-policies")


@bp.get("/sla-policies", response=Page[SlaPolicyOut], permission=READ, staff_only=True)
def list_sla_policies() -> dict[str, Any]:
    """List SLA policies (by name)."""
    found = service(Support).sla.policies(context.principal())
    return {"items": [policy_out(p) for p in found], "next_cursor": None}


@bp.get("/sla-policies/<policy_id>", response=SlaPolicyOut, permission=READ, staff_only=True)
def get_sla_policy(policy_id: UUID) -> Reply:
    """Get an SLA policy."""
    policy = service(Support).sla.policy(context.principal(), policy_id)
    return Reply(policy_out(policy), etag=policy.version)


@bp.post("/sla-policies", body=SlaPolicyIn, response=SlaPolicyOut, status=201, permission=ADMIN)
def create_sla_policy(body: SlaPolicyIn) -> Reply:
    """Create an SLA policy (administrators)."""
    policy = service(Support).run(
        CreateSlaPolicy(fields=policy_fields(body)), caller=context.principal()
    )
    return Reply(policy_out(policy), location=f"{BASE}/{policy.id}", etag=policy.version)


@bp.patch("/sla-policies/<policy_id>", body=SlaPolicyPatch, response=SlaPolicyOut, permission=ADMIN)
def change_sla_policy(policy_id: UUID, body: SlaPolicyPatch) -> Reply:
    """Change an SLA policy (administrators); open tickets' due times follow."""
    command = ChangeSlaPolicy(
        policy_id=policy_id,
        fields=policy_fields(body),
        sent=body.sent,
        expected_version=if_match(),
    )
    policy = service(Support).run(command, caller=context.principal())
    return Reply(policy_out(policy), etag=policy.version)


@bp.delete("/sla-policies/<policy_id>", response=None, permission=ADMIN)
def delete_sla_policy(policy_id: UUID) -> None:
    """Delete an SLA policy (administrators); its tickets' SLAs are recomputed."""
    service(Support).run(DeleteSlaPolicy(policy_id), caller=context.principal())


@bp.get("/tickets/<ticket_id>/sla", response=TicketSlaOut, permission=READ, staff_only=True)
def get_ticket_sla(ticket_id: UUID) -> dict[str, Any]:
    """A ticket's SLA now: each target's due time, remaining business minutes, met,
    breached or paused (computed from the ticket's history)."""
    return sla_out(service(Support).sla.ticket_sla(context.principal(), ticket_id))
