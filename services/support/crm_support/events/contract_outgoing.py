"""Service contracts' and feedback's domain events to integration events (events.proto).

``events/outgoing.py``'s ``translate`` asks this module first; kept apart so the support
helpers' translations merge without conflicts.
"""

from __future__ import annotations

from typing import Any

from crm.support.v1 import events_pb2 as pb
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import text, timestamp
from crm_support.domain import contract_events as ev
from crm_support.domain.contracts import ServiceContract

CONTRACT_EXHAUSTED = "support.contract.exhausted.v1"
CONTRACT_EXPIRED = "support.contract.expired.v1"
CONTRACT_REVIEW_DUE = "support.contract.review_due.v1"
FEEDBACK_RECEIVED = "support.feedback.received.v1"


def _about(c: ServiceContract) -> dict[str, str]:
    return {
        "contract_id": str(c.id),
        "number": c.number,
        "account_id": str(c.account_id),
        "owner_id": str(c.owner_id),
        "subject": c.subject,
    }


def translate_contract_event(event: Any) -> OutgoingEvent | None:
    """The integration event of a contract or feedback event; None for any other event."""
    match event:
        case ev.ContractExhausted(contract=c, used=used):
            payload = pb.ContractExhausted(
                **_about(c),
                tracking_unit=c.tracking_unit,
                total_units=text(c.total_units),
                used_units=str(used),
                end_date=c.end_date.isoformat(),
            )
            if c.exhausted_at:
                payload.exhausted_at.CopyFrom(timestamp(c.exhausted_at))
            return OutgoingEvent(CONTRACT_EXHAUSTED, str(c.id), payload)
        case ev.ContractExpired(contract=c):
            payload = pb.ContractExpired(**_about(c), end_date=c.end_date.isoformat())
            if c.expired_at:
                payload.expired_at.CopyFrom(timestamp(c.expired_at))
            return OutgoingEvent(CONTRACT_EXPIRED, str(c.id), payload)
        case ev.ContractReviewDue(contract=c):
            review = c.review_date.isoformat() if c.review_date else ""
            payload = pb.ContractReviewDue(
                **_about(c), review_date=review, end_date=c.end_date.isoformat()
            )
            return OutgoingEvent(CONTRACT_REVIEW_DUE, str(c.id), payload)
        case ev.FeedbackReceived(feedback=f):
            return _feedback(f)
    return None


def _feedback(f: Any) -> OutgoingEvent:
    payload = pb.FeedbackReceived(
        feedback_id=str(f.id),
        ticket_id=str(f.ticket_id),
        ticket_number=f.ticket_number,
        account_id=text(f.account_id),
        contact_id=text(f.contact_id),
        owner_id=text(f.owner_id),
        agent_id=text(f.agent_id),
        team_id=text(f.team_id),
        team_kind=text(f.team_kind),
        score=f.score,
    )
    payload.received_at.CopyFrom(timestamp(f.created_at))
    return OutgoingEvent(FEEDBACK_RECEIVED, str(f.ticket_id), payload)
