"""IdentityService over gRPC: the same use cases and queries as REST, thin handlers."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

import grpc

from crm.identity.v1 import identity_pb2 as pb
from crm.identity.v1 import identity_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.access import AccessPolicy
from crm_chassis.errors import FieldError, Forbidden, ValidationFailed
from crm_chassis.pagination import DEFAULT_LIMIT, MAX_LIMIT
from crm_identity.grpc_api.mapping import parse_id, user_message
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
        user = self.app.users.get(parse_id(request.id))
        return pb.GetUserResponse(user=user_message(user))

    def BatchGetUsers(  # noqa: N802
        self, request: pb.BatchGetUsersRequest, _ctx: Any
    ) -> pb.BatchGetUsersResponse:
        self._may_view_users()
        if len(request.ids) > MAX_BATCH:
            raise ValidationFailed(
                f"At most {MAX_BATCH} ids per call.",
                errors=[FieldError("ids", f"at most {MAX_BATCH}")],
            )
        ids = [parse_id(i, "ids") for i in request.ids]
        found = {u.id: u for u in self.app.users.get_many(ids)}
        return pb.BatchGetUsersResponse(
            users=[user_message(found[i]) for i in dict.fromkeys(ids) if i in found],
            missing_ids=[str(i) for i in dict.fromkeys(ids) if i not in found],
        )

    def ListUsers(self, request: pb.ListUsersRequest, _ctx: Any) -> pb.ListUsersResponse:  # noqa: N802
        self._may_view_users()
        size = request.page_size or DEFAULT_LIMIT
        if not 1 <= size <= MAX_LIMIT:
            raise ValidationFailed(
                f"page_size must be 1..{MAX_LIMIT}.",
                errors=[FieldError("page_size", f"must be 1..{MAX_LIMIT}")],
            )
        since = (
            request.updated_since.ToDatetime(tzinfo=UTC)
            if request.HasField("updated_since")
            else None
        )
        users, token = self.app.queries.list(
            UserFilter(
                limit=size,
                cursor=request.page_token or None,
                sort="updated_at",
                updated_since=since,
            )
        )
        return pb.ListUsersResponse(
            users=[user_message(u) for u in users], next_page_token=token or ""
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
        snapshot = self.app.policy.snapshot()
        return pb.GetSnapshotResponse(version=snapshot.version, snapshot_json=snapshot.to_json())


def registrar(app: Identity) -> Any:
    """Return the chassis ``register`` callback that adds the servicer to a server."""

    def register(server: grpc.Server) -> list[str]:
        pb_grpc.add_IdentityServiceServicer_to_server(IdentityServicer(app), server)
        pb_grpc.add_PolicyServiceServicer_to_server(PolicyServicer(app), server)
        return [SERVICE_NAME, POLICY_SERVICE_NAME]

    return register
