"""Whom a breached SLA is escalated to: the ticket owner's manager.

The manager is an active internal user holding the owner's role's parent role (the role
hierarchy of docs/domain.md); when that role is empty, the next role up. Several holders:
the one with the smallest id, so every worker picks the same person. A group-owned or
unowned ticket has no manager (contacts then asks the account's owner).
"""

from __future__ import annotations

from uuid import UUID

from crm_access.model import PolicySnapshot


def manager_of(
    owner_id: UUID | None, owner_kind: str | None, policy: PolicySnapshot
) -> UUID | None:
    if owner_id is None or owner_kind == "group":
        return None
    users = {u.id: u for u in policy.users}
    parents = {r.id: r.parent_id for r in policy.roles}
    owner = users.get(str(owner_id))
    role = parents.get(owner.role_id) if owner and owner.role_id else None
    seen: set[str] = set()
    while role is not None and role not in seen:
        seen.add(role)
        holders = sorted(
            u.id
            for u in policy.users
            if u.role_id == role and u.active and u.kind == "user" and u.id != str(owner_id)
        )
        if holders:
            return UUID(holders[0])
        role = parents.get(role)
    return None
