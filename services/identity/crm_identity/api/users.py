"""Admin REST routes for users: create, list, read (ETag), change (If-Match)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_identity.api.schemas import UserCreate, UserListQuery, UserOut, UserPatch
from crm_identity.service.queries import UserFilter
from crm_identity.service.users import RegisterUser

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity


def register(api: Api, app: Identity) -> None:
    base = api.base

    @api.route(
        "/users",
        "POST",
        body=UserCreate,
        response=UserOut,
        status=201,
        permission=("users", "create"),
        summary="Create a user",
    )
    def create_user(body: UserCreate) -> Reply:
        data = body.model_dump()
        legacy = data.pop("roles")
        roles = tuple(legacy) if legacy is not None else None
        user = app.users.register(
            RegisterUser(**data, roles=roles, actor=context.principal().subject)
        )
        return Reply(
            UserOut.of(user), status=201, location=f"{base}/users/{user.id}", etag=user.version
        )

    @api.route(
        "/users",
        "GET",
        query=UserListQuery,
        response=Page[UserOut],
        permission=("users", "view"),
        summary="List users (q searches email and name)",
    )
    def list_users(query: UserListQuery) -> Reply:
        users, cursor = app.queries.list(UserFilter(**query.model_dump()))
        return Reply(Page[UserOut](items=[UserOut.of(u) for u in users], next_cursor=cursor))

    @api.route(
        "/users/<user_id>",
        "GET",
        response=UserOut,
        permission=("users", "view"),
        summary="Read a user",
    )
    def get_user(user_id: UUID) -> Reply:
        user = app.users.get(user_id)
        return Reply(UserOut.of(user), etag=user.version)

    @api.route(
        "/users/<user_id>",
        "PATCH",
        body=UserPatch,
        response=UserOut,
        permission=("users", "edit"),
        summary="Change a user; active=false deactivates and ends their sessions",
    )
    def patch_user(user_id: UUID, body: UserPatch) -> Reply:
        user = app.users.change(
            user_id,
            body.model_dump(exclude_unset=True),
            expected_version=if_match(),
            actor=context.principal().subject,
        )
        return Reply(UserOut.of(user), etag=user.version)

    @api.route(
        "/users/<user_id>/deactivate",
        "POST",
        response=UserOut,
        permission=("users", "edit"),
        idempotent=False,
        summary="Deactivate a user: access ends in every service, refresh tokens at once",
    )
    def deactivate_user(user_id: UUID) -> Reply:
        user = app.users.deactivate(
            user_id, expected_version=if_match(), actor=context.principal().subject
        )
        return Reply(UserOut.of(user), etag=user.version)
