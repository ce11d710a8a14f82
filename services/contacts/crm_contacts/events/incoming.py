"""Handlers of incoming events: identity's users and policy, sales' lead conversions, and
other services' business events for the customer timeline and follow-up tasks.

The chassis consumer records each (event, handler) in the inbox in the same transaction as
the handler's work, so a redelivered event has no second effect; the use cases run inside
that transaction. The owner directory also tolerates reordering: only a newer
``updated_at`` replaces what we hold.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.db import utcnow
from crm_chassis.events import Delivery, EventHandler, on
from crm_chassis.usecases import UseCases
from crm_contacts.adapters.tables import access_policy
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import ApplyOwnerFact, CreateFollowUp, RecordTimelineEntry
from crm_contacts.domain.owners import Owner
from crm_contacts.domain.timeline import EventType
from crm_contacts.events.business_events import BusinessEvent
from crm_contacts.events.payloads import LeadConverted, UserFacts

USER_CREATED = "identity.user.created.v1"
USER_UPDATED = "identity.user.updated.v1"
USER_DEACTIVATED = "identity.user.deactivated.v1"
LEAD_CONVERTED = "sales.lead.converted.v1"

#: Other services' events that belong on a customer's timeline. Topic patterns, so event
#: types that do not exist yet (support, the rest of billing and marketing) are handled the
#: day their producers start publishing. Keys name inbox rows: keep them stable.
TIMELINE_TOPICS: tuple[str, ...] = (
    "sales.opportunity.*.v1",
    "sales.quote.approved.v1",
    "sales.order.created.v1",
    "billing.invoice.*.v1",
    "billing.payment.received.v1",
    "billing.credit_note.issued.v1",
    "support.ticket.*.v1",
    "support.feedback.received.v1",
    "support.contract.*.v1",
    "marketing.*.*.v1",
)
#: Events that call for work (a task for the right owner); they may also be on a timeline.
WORK_TOPICS: tuple[str, ...] = (
    "sales.lead.stale.v1",
    "sales.lead.staled.v1",
    "billing.invoice.overdue.*",
    # SLA breach event names are support's to choose; the rule looks for "breach".
    "support.#",
)


def handlers(app: Contacts) -> dict[str, list[EventHandler]]:
    """Every event this service consumes, with its handlers (each runs once per event)."""
    owners = [on(apply_user, app=app)]
    timeline = [on(add_to_timeline, app=app)]
    return {
        USER_CREATED: owners,
        USER_UPDATED: owners,
        USER_DEACTIVATED: [on(apply_deactivation, app=app)],
        # The account and contact come first; the timeline entry then finds the account.
        LEAD_CONVERTED: [on(create_account_and_contact, app=app), *timeline],
        # identity.policy.changed.v1: a newer policy snapshot replaces our copy.
        POLICY_CHANGED: [policy_changed_handler(access_policy)],
        **{topic: timeline for topic in TIMELINE_TOPICS},
        **{topic: [on(create_follow_up, app=app)] for topic in WORK_TOPICS},
    }


def apply_user(event: UserFacts, delivery: Delivery, *, app: Contacts) -> None:
    """identity.user.created/updated.v1: the user's facts (whole state, not a diff)."""
    owner = _owner(event, delivery, active=event.active, deactivated_at=None)
    _in(app, delivery)(ApplyOwnerFact(owner))


def apply_deactivation(event: UserFacts, delivery: Delivery, *, app: Contacts) -> None:
    """identity.user.deactivated.v1: mark the user inactive; their tokens are refused."""
    when = event.deactivated_at or _time(delivery)
    owner = _owner(event, delivery, active=False, deactivated_at=when)
    if event.updated_at is None:
        owner = Owner(owner.id, owner.email, owner.display_name, False, when, when)
    _in(app, delivery)(ApplyOwnerFact(owner))


def create_account_and_contact(event: LeadConverted, delivery: Delivery, *, app: Contacts) -> None:
    """sales.lead.converted.v1: create or match the account, create the contact (ids from
    sales; exactly once: the inbox plus the ids as primary keys)."""
    _in(app, delivery)(event.command())


def add_to_timeline(event: BusinessEvent, delivery: Delivery, *, app: Contacts) -> None:
    """Any business event of another service: an entry on its account/contact timeline."""
    envelope = delivery.envelope
    facts = event.facts(EventType.parse(envelope.type), envelope.subject)
    command = RecordTimelineEntry(
        event_id=envelope.id,
        event_type=envelope.type,
        source=envelope.source,
        occurred_at=_time(delivery),
        facts=facts,
        shown=event.shown(),
    )
    _in(app, delivery)(command)


def create_follow_up(event: BusinessEvent, delivery: Delivery, *, app: Contacts) -> None:
    """A stale lead, an SLA breach, an overdue invoice: a task for the right owner."""
    envelope = delivery.envelope
    facts = event.facts(EventType.parse(envelope.type), envelope.subject)
    command = CreateFollowUp(
        event_id=envelope.id, event_type=envelope.type, source=envelope.source, facts=facts
    )
    _in(app, delivery)(command)


def _in(app: Contacts, delivery: Delivery) -> UseCases:
    """The use cases, run inside the consumer's transaction (it commits, with the inbox row)."""
    return app.run.with_dependencies(uow=app.uow.joining(delivery.session))


def _owner(
    event: UserFacts, delivery: Delivery, *, active: bool, deactivated_at: datetime | None
) -> Owner:
    return Owner(
        id=UUID(event.user_id or delivery.subject),
        email=event.email,
        display_name=event.display_name or event.email,
        active=active,
        updated_at=event.updated_at or _time(delivery),
        deactivated_at=deactivated_at,
    )


def _time(delivery: Delivery) -> datetime:
    """When the event happened, by its envelope (now, when that cannot be read)."""
    try:
        moment = datetime.fromisoformat(delivery.envelope.time.replace("Z", "+00:00"))
    except ValueError:
        return utcnow()
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
