"""Groups (administrators only): users, roles and roles-with-subordinates sharing records.

Every change is audited and publishes the new policy (identity.policy.changed.v1).
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_identity.api import BASE, SETTINGS_EDIT, SETTINGS_VIEW
from crm_identity.api.access_schemas import GroupCreate, GroupOut, GroupPatch
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import DeleteGroup

bp = Blueprint("groups")


@bp.post(
    "/groups",
    body=GroupCreate,
    response=GroupOut,
    status=201,
    permission=SETTINGS_EDIT,
    summary="Create a group of users, roles, roles+subordinates",
)
def create_group(body: GroupCreate) -> Reply:
    group = service(Identity).run(body.command(), caller=context.principal())
    return Reply(GroupOut.of(group), location=f"{BASE}/groups/{group.id}", etag=group.version)


@bp.get("/groups", response=Page[GroupOut], permission=SETTINGS_VIEW, summary="List groups")
def list_groups() -> Page[GroupOut]:
    return Page[GroupOut](items=[GroupOut.of(g) for g in service(Identity).queries.groups()])


@bp.get("/groups/<group_id>", response=GroupOut, permission=SETTINGS_VIEW, summary="Read a group")
def get_group(group_id: UUID) -> Reply:
    group = service(Identity).queries.group(group_id)
    return Reply(GroupOut.of(group), etag=group.version)


@bp.patch(
    "/groups/<group_id>",
    body=GroupPatch,
    response=GroupOut,
    permission=SETTINGS_EDIT,
    summary="Change a group (member lists replace wholesale)",
)
def patch_group(group_id: UUID, body: GroupPatch) -> Reply:
    group = service(Identity).run(body.command(group_id, if_match()), caller=context.principal())
    return Reply(GroupOut.of(group), etag=group.version)


@bp.delete(
    "/groups/<group_id>",
    response=None,
    permission=SETTINGS_EDIT,
    summary="Delete a group; 409 while sharing rules name it",
)
def delete_group(group_id: UUID) -> None:
    service(Identity).run(DeleteGroup(group_id, if_match()), caller=context.principal())
