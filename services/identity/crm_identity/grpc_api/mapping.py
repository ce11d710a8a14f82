"""proto <-> domain mapping for the IdentityService."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from google.protobuf.timestamp_pb2 import Timestamp

from crm.identity.v1 import identity_pb2 as pb
from crm_chassis.errors import FieldError, ValidationFailed
from crm_identity.domain.users import User


def timestamp(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


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


def parse_id(value: str, field: str = "id") -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ValidationFailed(
            f"'{value}' is not a valid id.", errors=[FieldError(field, "must be a UUID")]
        ) from None
