"""Handlers of incoming events: identity's users and policy, sales' lead conversions.

The chassis consumer records each event in the inbox in the same transaction, so a
redelivered event has no second effect; these handlers also tolerate reordering, since
only a newer ``updated_at`` replaces what we hold.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from google.protobuf.json_format import MessageToDict
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.orm import Session

from crm.identity.v1 import events_pb2 as identity
from crm.sales.v1 import events_pb2 as sales
from crm_chassis.access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_contacts.adapters.tables import access_policy, event_tables
from crm_contacts.domain.owners import Owner
from crm_contacts.events.outgoing import translate
from crm_contacts.events.timeline import HANDLERS as TIMELINE_HANDLERS
from crm_contacts.service.conversions import apply_lead_converted
from crm_contacts.service.owners import apply_owner_fact
from crm_contacts.service.unit_of_work import UnitOfWork

USER_CREATED = "identity.user.created.v1"
USER_UPDATED = "identity.user.updated.v1"
USER_DEACTIVATED = "identity.user.deactivated.v1"
LEAD_CONVERTED = "sales.lead.converted.v1"


def _time(ts: Timestamp, fallback: str) -> datetime:
    if ts.seconds or ts.nanos:
        return ts.ToDatetime(tzinfo=UTC)
    return datetime.fromisoformat(fallback.replace("Z", "+00:00"))


def _fact(msg: Any, envelope: Envelope, *, active: bool, deactivated_at: datetime | None):
    return Owner(
        id=UUID(msg.user_id or envelope.subject),
        email=msg.email,
        display_name=msg.display_name or msg.email,
        active=active,
        updated_at=_time(msg.updated_at, envelope.time),
        deactivated_at=deactivated_at,
    )


def user_created(session: Session, envelope: Envelope) -> None:
    """identity.user.created.v1: add the user to the directory."""
    msg = envelope.parse(identity.UserCreated)
    apply_owner_fact(_uow(session), _fact(msg, envelope, active=msg.active, deactivated_at=None))


def user_updated(session: Session, envelope: Envelope) -> None:
    """identity.user.updated.v1: replace the user's facts (whole state, not a diff)."""
    msg = envelope.parse(identity.UserUpdated)
    apply_owner_fact(_uow(session), _fact(msg, envelope, active=msg.active, deactivated_at=None))


def user_deactivated(session: Session, envelope: Envelope) -> None:
    """identity.user.deactivated.v1: mark the user inactive; their tokens are refused."""
    msg = envelope.parse(identity.UserDeactivated)
    when = _time(msg.deactivated_at, envelope.time)
    fact = _fact(msg, envelope, active=False, deactivated_at=when)
    if not msg.HasField("updated_at"):
        fact = Owner(fact.id, fact.email, fact.display_name, False, when, when)
    apply_owner_fact(_uow(session), fact)


def lead_converted(session: Session, envelope: Envelope) -> None:
    """sales.lead.converted.v1: create or match the account, create the contact (ids from
    sales; exactly once: the inbox plus the ids as primary keys)."""
    msg = envelope.parse(sales.LeadConverted)
    data = MessageToDict(msg, preserving_proto_field_name=True)
    uow = UnitOfWork(session, OutboxRecorder(Outbox("contacts", event_tables), translate))
    apply_lead_converted(uow, data)
    uow.flush_events()


def _uow(session: Session) -> UnitOfWork:
    # The consumer owns the transaction; these handlers write no events of their own.
    def no_events(_session: Session, event: Any) -> None:
        raise AssertionError(f"identity handlers record no events ({event!r})")

    return UnitOfWork(session, no_events)


HANDLERS: dict[str, Callable[[Session, Envelope], None]] = {
    USER_CREATED: user_created,
    USER_UPDATED: user_updated,
    USER_DEACTIVATED: user_deactivated,
    LEAD_CONVERTED: lead_converted,
    # identity.policy.changed.v1: a newer policy snapshot replaces our copy.
    POLICY_CHANGED: policy_changed_handler(access_policy),
    # Other services' business events: the customer timeline and follow-up tasks.
    **TIMELINE_HANDLERS,
}
