"""Domain events -> versioned integration events (crm.identity.v1 payloads) in the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from crm.identity.v1 import events_pb2 as pb
from crm_access.model import PolicySnapshot
from crm_chassis.events.outbox import Outbox
from crm_chassis.grpc.convert import timestamp
from crm_identity.adapters.tables import event_tables
from crm_identity.domain.events import DomainEvent, UserCreated, UserDeactivated, UserUpdated

SOURCE = "identity"
USER_CREATED = "identity.user.created.v1"
USER_UPDATED = "identity.user.updated.v1"
USER_DEACTIVATED = "identity.user.deactivated.v1"
POLICY_CHANGED = "identity.policy.changed.v1"


def integration_event(event: DomainEvent) -> tuple[str, str, object]:
    """Return ``(type, subject, payload)`` for a domain event."""
    u = event.user
    common = {
        "user_id": str(u.id),
        "email": u.email,
        "display_name": u.display_name,
        "roles": list(u.roles),
    }
    if isinstance(event, UserCreated):
        payload: object = pb.UserCreated(
            **common,
            active=u.active,
            locale=u.locale,
            time_zone=u.time_zone,
            created_at=timestamp(u.created_at),
            updated_at=timestamp(u.updated_at),
        )
        return USER_CREATED, str(u.id), payload
    if isinstance(event, UserUpdated):
        payload = pb.UserUpdated(
            **common,
            active=u.active,
            locale=u.locale,
            time_zone=u.time_zone,
            updated_at=timestamp(u.updated_at),
            changed_fields=list(event.changed_fields),
        )
        return USER_UPDATED, str(u.id), payload
    if isinstance(event, UserDeactivated):
        payload = pb.UserDeactivated(
            **common,
            deactivated_at=timestamp(event.deactivated_at),
            deactivated_by=event.deactivated_by or "",
            updated_at=timestamp(u.updated_at),
        )
        return USER_DEACTIVATED, str(u.id), payload
    raise TypeError(f"no integration event for {type(event).__name__}")


class EventPublisher:
    """Writes integration events to the outbox in the caller's transaction."""

    def __init__(self) -> None:
        self._outbox = Outbox(SOURCE, event_tables)

    def publish(self, session: Session, events: Iterable[DomainEvent]) -> None:
        for event in events:
            type_, subject, payload = integration_event(event)
            self._outbox.add(session, type=type_, subject=subject, data=payload)  # type: ignore[arg-type]

    def publish_policy(self, session: Session, snapshot: PolicySnapshot, at: datetime) -> None:
        """Write the whole new policy (``identity.policy.changed.v1``) to the outbox."""
        payload = pb.PolicyChanged(
            version=snapshot.version, snapshot_json=snapshot.to_json(), changed_at=timestamp(at)
        )
        self._outbox.add(session, type=POLICY_CHANGED, subject="policy", data=payload)
