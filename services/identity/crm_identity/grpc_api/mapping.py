"""proto <-> domain mapping for the IdentityService (scalars: crm_chassis.grpc.convert)."""

from __future__ import annotations

from crm.identity.v1 import identity_pb2 as pb
from crm_chassis.grpc.convert import timestamp
from crm_identity.domain.users import User


def user_message(user: User) -> pb.User:
    return pb.User(
        id=str(user.id),
        email=user.email,
        display_name=user.display_name,
        roles=list(user.roles),
        active=user.active,
        locale=user.locale,
        time_zone=user.time_zone,
        created_at=timestamp(user.created_at),
        updated_at=timestamp(user.updated_at),
    )
