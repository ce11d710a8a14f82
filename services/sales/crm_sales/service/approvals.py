"""Quote approval limits per role (administrators set them) and the approver's facts.

The role hierarchy is the access policy's (identity's snapshot): a role's parents are the
roles above it.
"""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_sales.domain.approval import SETTING, ApprovalLimits, Approver, check_limits, limits_from
from crm_sales.domain.commands import ReplaceApprovalLimits
from crm_sales.service.access import require_admin
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def replace_approval_limits(
    cmd: ReplaceApprovalLimits,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    approval: ApprovalLimits,
    caller: Principal,
) -> ApprovalLimits:
    """Replace the approval limits (administrators); 422 naming each bad field. Without a
    default, roles not named keep the configured default limit."""
    require_admin(access, caller)
    limits = check_limits(cmd.default, cmd.roles, approval.default)
    with uow() as tx:
        tx.settings.put(SETTING, limits.as_dict(), now=utcnow(), by=caller.subject)
    return limits


def current_limits(tx: UnitOfWork, fallback: ApprovalLimits) -> ApprovalLimits:
    return limits_from(tx.settings.get(SETTING), fallback)


def approver(access: RecordAccess, caller: Principal) -> Approver:
    """The caller's role (from the policy snapshot; for a user it does not know yet, the
    token's ``role_id`` claim) and the roles above it, nearest first."""
    decider = access.decider()
    user = decider.user(caller)
    claimed = caller.claims.get("role_id") if caller.kind == "user" else None
    role_id = user.role_id if user is not None else (str(claimed) if claimed else None)
    parents = {r.id: r.parent_id for r in decider.snapshot.roles}
    above: list[str] = []
    current = parents.get(role_id) if role_id else None
    while current and current not in above:
        above.append(current)
        current = parents.get(current)
    return Approver(caller.subject, role_id, decider.is_admin(caller), tuple(above))
