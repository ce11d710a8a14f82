"""Users (administrators only): create, list, read (ETag), change (If-Match), deactivate."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_identity.api import BASE
from crm_identity.api.schemas import UserCreate, UserListQuery, UserOut, UserPatch
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import DeactivateUser
from crm_identity.service.queries import UserFilter

bp = Blueprint("users")


@bp.post(
    "/users",
    body=UserCreate,
    response=UserOut,
    status=201,
    permission=("users", "create"),
    summary="Create a user",
)
def create_user(body: UserCreate) -> Reply:
    user = service(Identity).run(body.command(), caller=context.principal())
    return Reply(UserOut.of(user), location=f"{BASE}/users/{user.id}", etag=user.version)


@bp.get(
    "/users",
    query=UserListQuery,
    response=Page[UserOut],
    permission=("users", "view"),
    summary="List users (q searches email and name)",
)
def list_users(query: UserListQuery) -> Page[UserOut]:
    users, cursor = service(Identity).queries.list_users(UserFilter(**query.model_dump()))
    return Page[UserOut](items=[UserOut.of(u) for u in users], next_cursor=cursor)


@bp.get(
    "/users/<user_id>",
    response=UserOut,
    permission=("users", "view"),
    summary="Read a user",
)
def get_user(user_id: UUID) -> Reply:
    user = service(Identity).queries.user(user_id)
    return Reply(UserOut.of(user), etag=user.version)


@bp.patch(
    "/users/<user_id>",
    body=UserPatch,
    response=UserOut,
    permission=("users", "edit"),
    summary="Change a user; active=false deactivates and ends their sessions",
)
def patch_user(user_id: UUID, body: UserPatch) -> Reply:
    command = body.command(user_id, if_match())
    user = service(Identity).run(command, caller=context.principal())
    return Reply(UserOut.of(user), etag=user.version)


@bp.post(
    "/users/<user_id>/deactivate",
    response=UserOut,
    permission=("users", "edit"),
    idempotent=False,
    summary="Deactivate a user: access ends in every service, refresh tokens at once",
)
def deactivate_user(user_id: UUID) -> Reply:
    command = DeactivateUser(user_id, expected_version=if_match())
    user = service(Identity).run(command, caller=context.principal())
    return Reply(UserOut.of(user), etag=user.version)
