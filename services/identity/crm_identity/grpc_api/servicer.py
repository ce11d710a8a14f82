"""IdentityService over gRPC: the same use cases and queries as REST, thin handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import grpc

from crm.identity.v1 import identity_pb2 as pb
from crm.identity.v1 import identity_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.auth.policy import AccessPolicy
from crm_chassis.errors import FieldError, Forbidden, ValidationFailed
from crm_chassis.grpc.convert import (
    in_request_order,
    next_page_token,
    optional_datetime,
    page_token,
    parse_ids,
    parse_uuid,
)
from crm_chassis.pagination import DEFAULT_LIMIT, MAX_LIMIT
from crm_identity.grpc_api.mapping import user_message
from crm_identity.service.queries import UserFilter

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity

SERVICE_NAME = "crm.identity.v1.IdentityService"
POLICY_SERVICE_NAME = "crm.identity.v1.PolicyService"
POLICY_SCOPE = "identity.policy.read"
MAX_BATCH = 500


class IdentityServicer(pb_grpc.IdentityServiceServicer):
    def __init__(self, app: Identity, access: AccessPolicy | None = None) -> None:
        self.app = app
        self.access = access or app.access

    def _may_view_users(self) -> None:
        self.access.check(context.principal(), "users", "view")

    def GetUser(self, request: pb.GetUserRequest, _ctx: Any) -> pb.GetUserResponse:  # noqa: N802
        self._may_view_users()
        user = self.app.queries.user(parse_uuid("id", request.id, error=ValidationFailed))
        return pb.GetUserResponse(user=user_message(user))

    def BatchGetUsers(  # noqa: N802
        self, request: pb.BatchGetUsersRequest, _ctx: Any
    ) -> pb.BatchGetUsersResponse:
        self._may_view_users()
        ids = parse_ids(request.ids, MAX_BATCH, error=ValidationFailed)
        found, missing = in_request_order(ids, self.app.queries.users(ids))
        return pb.BatchGetUsersResponse(users=[user_message(u) for u in found], missing_ids=missing)

    def ListUsers(self, request: pb.ListUsersRequest, _ctx: Any) -> pb.ListUsersResponse:  # noqa: N802
        self._may_view_users()
        size = request.page_size or DEFAULT_LIMIT
        if not 1 <= size <= MAX_LIMIT:
            raise ValidationFailed(
                f"page_size must be 1..{MAX_LIMIT}.",
                errors=[FieldError("page_size", f"must be 1..{MAX_LIMIT}")],
            )
        users, token = self.app.queries.list_users(
            UserFilter(
                limit=size,
                cursor=page_token(request),
                sort="updated_at",
                updated_since=optional_datetime(request, "updated_since"),
            )
        )
        return pb.ListUsersResponse(
            users=[user_message(u) for u in users], next_page_token=next_page_token(token)
        )


class PolicyServicer(pb_grpc.PolicyServiceServicer):
    """The whole access policy, for services that decide locally (scope identity.policy.read)."""

    def __init__(self, app: Identity) -> None:
        self.app = app

    def GetSnapshot(  # noqa: N802
        self, request: pb.GetSnapshotRequest, _ctx: Any
    ) -> pb.GetSnapshotResponse:
        principal = context.principal()
        if principal.kind != "service" or POLICY_SCOPE not in principal.scopes:
            raise Forbidden(f"GetSnapshot needs a service token with scope {POLICY_SCOPE}.")
        snapshot = self.app.queries.policy_snapshot()
        return pb.GetSnapshotResponse(version=snapshot.version, snapshot_json=snapshot.to_json())


def registrar(app: Identity) -> Any:
    """Return the chassis ``register`` callback that adds the servicer to a server."""

    def register(server: grpc.Server) -> list[str]:
        pb_grpc.add_IdentityServiceServicer_to_server(IdentityServicer(app), server)
        pb_grpc.add_PolicyServiceServicer_to_server(PolicyServicer(app), server)
        return [SERVICE_NAME, POLICY_SERVICE_NAME]

    return register
