"""The suppression list (administrators): addresses marketing never mails.

Unsubscribes and hard bounces land here by themselves; administrators add an address
(a complaint by phone, a legal request) or remove one added by mistake.
"""

from __future__ import annotations

from typing import Any

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service
from crm_chassis.pagination import ListParams
from crm_marketing.api.audience_schemas import (
    SuppressionIn,
    SuppressionOut,
    SuppressionQuery,
    suppression_out,
)
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.audience_commands import AddSuppression, RemoveSuppression
from crm_marketing.service.audience_access import ADMIN

BASE = "/api/marketing/v1/suppressions"

bp = Blueprint("suppressions")


@bp.get("/suppressions", query=SuppressionQuery, response=Page[SuppressionOut], permission=ADMIN)
def list_suppressions(query: SuppressionQuery) -> dict[str, Any]:
    """List suppressed addresses, newest first (administrators; q matches the address)."""
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        q=query.q,
        filters={"reason": query.reason} if query.reason else {},
    )
    items, cursor = service(Marketing).audience.suppressions(context.principal(), params)
    return {"items": [suppression_out(s) for s in items], "next_cursor": cursor}


@bp.post("/suppressions", body=SuppressionIn, response=SuppressionOut, status=201, permission=ADMIN)
def add_suppression(body: SuppressionIn) -> Reply:
    """Suppress an address (administrators; 409 when it is already suppressed)."""
    command = AddSuppression(address=body.address, reason=body.reason, note=body.note)
    found = service(Marketing).run(command, caller=context.principal())
    return Reply(suppression_out(found), location=f"{BASE}/{found.address}")


@bp.delete("/suppressions/<address>", response=None, permission=ADMIN)
def remove_suppression(address: str) -> None:
    """Remove an address from the suppression list (administrators)."""
    service(Marketing).run(RemoveSuppression(address), caller=context.principal())
