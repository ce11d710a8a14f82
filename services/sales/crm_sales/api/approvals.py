"""Quote approval limits per role (administrators; docs/domain.md, quote approval)."""

from __future__ import annotations

from typing import Any

from crm_chassis import context
from crm_chassis.http import Blueprint
from crm_sales.api.caller import run, sales
from crm_sales.api.schemas.approvals import LimitsBody, LimitsOut
from crm_sales.domain.commands import ReplaceApprovalLimits
from crm_sales.service.access import ADMIN, QUOTES

bp = Blueprint("approval_limits", tag="approval-limits")


@bp.get("/approval-limits", response=LimitsOut, permission=(QUOTES, "view"))
def get_limits() -> dict[str, Any]:
    """The quote approval limits: the default and each role's."""
    return sales().queries.approval_limits(context.principal()).as_dict()


@bp.put("/approval-limits", body=LimitsBody, response=LimitsOut, permission=ADMIN)
def put_limits(body: LimitsBody) -> dict[str, Any]:
    """Replace the quote approval limits (administrators)."""
    default = body.default.model_dump(mode="json") if body.default else None
    roles = tuple(r.model_dump(mode="json") for r in body.roles)
    return run(ReplaceApprovalLimits(default, roles)).as_dict()
