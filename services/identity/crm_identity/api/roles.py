"""Roles (administrators only): the hierarchy every user sits in, each with its profiles.

Every change is audited and publishes the new policy (identity.policy.changed.v1).
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_identity.api import BASE, SETTINGS_EDIT, SETTINGS_VIEW
from crm_identity.api.access_schemas import RoleCreate, RoleOut, RolePatch
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import DeleteRole

bp = Blueprint("roles")


@bp.post(
    "/roles",
    body=RoleCreate,
    response=RoleOut,
    status=201,
    permission=SETTINGS_EDIT,
    summary="Create a role below an existing one",
)
def create_role(body: RoleCreate) -> Reply:
    role = service(Identity).run(body.command(), caller=context.principal())
    return Reply(RoleOut.of(role), location=f"{BASE}/roles/{role.id}", etag=role.version)


@bp.get(
    "/roles",
    response=Page[RoleOut],
    permission=SETTINGS_VIEW,
    summary="List roles (the hierarchy via parent_id)",
)
def list_roles() -> Page[RoleOut]:
    # A few dozen rows: one page, in the list shape of every collection.
    return Page[RoleOut](items=[RoleOut.of(r) for r in service(Identity).queries.roles()])


@bp.get("/roles/<role_id>", response=RoleOut, permission=SETTINGS_VIEW, summary="Read a role")
def get_role(role_id: UUID) -> Reply:
    role = service(Identity).queries.role(role_id)
    return Reply(RoleOut.of(role), etag=role.version)


@bp.patch(
    "/roles/<role_id>",
    body=RolePatch,
    response=RoleOut,
    permission=SETTINGS_EDIT,
    summary="Change a role; a move that would create a cycle is 409",
)
def patch_role(role_id: UUID, body: RolePatch) -> Reply:
    role = service(Identity).run(body.command(role_id, if_match()), caller=context.principal())
    return Reply(RoleOut.of(role), etag=role.version)


@bp.delete(
    "/roles/<role_id>",
    response=None,
    permission=SETTINGS_EDIT,
    summary="Delete a role; 409 while users, subordinates or rules use it",
)
def delete_role(role_id: UUID) -> None:
    service(Identity).run(DeleteRole(role_id, if_match()), caller=context.principal())
