"""Domain events -> versioned integration events (``crm.identity.v1`` payloads).

The chassis ``OutboxRecorder`` calls :func:`translate` for each event the unit of work
recorded and writes the result to the outbox in the same transaction.
"""

from __future__ import annotations

from crm.identity.v1 import events_pb2 as pb
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import timestamp
from crm_identity.domain.events import (
    DomainEvent,
    PolicyChanged,
    UserCreated,
    UserDeactivated,
    UserSnapshot,
    UserUpdated,
)

SOURCE = "identity"
USER_CREATED = "identity.user.created.v1"
USER_UPDATED = "identity.user.updated.v1"
USER_DEACTIVATED = "identity.user.deactivated.v1"
POLICY_CHANGED = "identity.policy.changed.v1"


def _user_facts(u: UserSnapshot) -> dict[str, object]:
    # The fields every user message shares (protobuf constructor keywords).
    return {
        "user_id": str(u.id),
        "email": u.email,
        "display_name": u.display_name,
        "roles": list(u.roles),
    }


def translate(event: DomainEvent) -> OutgoingEvent:
    """The integration event to publish for a domain event."""
    if isinstance(event, PolicyChanged):
        return OutgoingEvent(
            POLICY_CHANGED,
            "policy",
            pb.PolicyChanged(
                version=event.version,
                snapshot_json=event.snapshot_json,
                changed_at=timestamp(event.changed_at),
            ),
        )
    u = event.user
    subject = str(u.id)
    if isinstance(event, UserCreated):
        created = pb.UserCreated(
            **_user_facts(u),
            active=u.active,
            locale=u.locale,
            time_zone=u.time_zone,
            created_at=timestamp(u.created_at),
            updated_at=timestamp(u.updated_at),
        )
        return OutgoingEvent(USER_CREATED, subject, created)
    if isinstance(event, UserUpdated):
        updated = pb.UserUpdated(
            **_user_facts(u),
            active=u.active,
            locale=u.locale,
            time_zone=u.time_zone,
            updated_at=timestamp(u.updated_at),
            changed_fields=list(event.changed_fields),
        )
        return OutgoingEvent(USER_UPDATED, subject, updated)
    if isinstance(event, UserDeactivated):
        deactivated = pb.UserDeactivated(
            **_user_facts(u),
            deactivated_at=timestamp(event.deactivated_at),
            deactivated_by=event.deactivated_by or "",
            updated_at=timestamp(u.updated_at),
        )
        return OutgoingEvent(USER_DEACTIVATED, subject, deactivated)
    raise TypeError(f"no integration event for {type(event).__name__}")
