"""Domain events -> versioned integration events (crm/sales/v1/events.proto).

:func:`translate` is the unit of work's translator: the chassis's ``OutboxRecorder`` writes
what it returns to the outbox in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm.sales.v1 import events_pb2 as ev
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import optional_timestamp, text
from crm_sales.adapters import protos as p
from crm_sales.domain import events
from crm_sales.domain.conversion import ACCOUNT_FIELDS, CONTACT_FIELDS, MappedValue

LEAD_CREATED = "sales.lead.created.v1"
LEAD_ASSIGNED = "sales.lead.assigned.v1"
LEAD_STALE = "sales.lead.stale.v1"
LEAD_CONVERTED = "sales.lead.converted.v1"
OPPORTUNITY_CREATED = "sales.opportunity.created.v1"
OPPORTUNITY_STAGE_CHANGED = "sales.opportunity.stage_changed.v1"
OPPORTUNITY_WON = "sales.opportunity.won.v1"
OPPORTUNITY_LOST = "sales.opportunity.lost.v1"
QUOTE_APPROVED = "sales.quote.approved.v1"
ORDER_CREATED = "sales.order.created.v1"
ACCOUNT_KNOWN = (*ACCOUNT_FIELDS, "annual_revenue_currency")


def translate(event: object) -> OutgoingEvent:
    """The integration event of a domain event (every sales domain event has one)."""
    build = _TRANSLATIONS.get(type(event))
    if build is None:
        raise TypeError(f"no integration event for {type(event).__name__}")
    return build(event)


def _lead_created(e: events.LeadCreated) -> OutgoingEvent:
    lead = e.lead
    message = ev.LeadCreated(
        lead_id=str(lead.id),
        first_name=text(lead.first_name),
        last_name=lead.last_name,
        company=text(lead.company),
        email=text(lead.email),
        lead_source=text(lead.lead_source),
        lead_status=lead.lead_status,
        owner_id=text(lead.owner_id),
        campaign_id=text(lead.campaign_id),
        possible_duplicate=lead.possible_duplicate,
        origin=e.origin,
        created_at=optional_timestamp(lead.created_at),
    )
    return OutgoingEvent(LEAD_CREATED, str(lead.id), message)


def _lead_assigned(e: events.LeadAssigned) -> OutgoingEvent:
    message = ev.LeadAssigned(
        lead_id=str(e.lead_id),
        owner_id=text(e.owner_id),
        previous_owner_id=text(e.previous_owner_id),
        reason=e.reason,
        rule_id=text(e.rule_id),
        assigned_by=e.by,
        assigned_at=optional_timestamp(e.at),
    )
    return OutgoingEvent(LEAD_ASSIGNED, str(e.lead_id), message)


def _lead_stale(e: events.LeadStale) -> OutgoingEvent:
    message = ev.LeadStale(
        lead_id=str(e.lead_id),
        owner_id=text(e.owner_id),
        last_touched_at=optional_timestamp(e.last_touched_at),
        detected_at=optional_timestamp(e.at),
    )
    return OutgoingEvent(LEAD_STALE, str(e.lead_id), message)


def _lead_converted(e: events.LeadConverted) -> OutgoingEvent:
    message = ev.LeadConverted(
        lead_id=str(e.lead_id),
        opportunity_id=text(e.opportunity_id),
        account_id=str(e.account_id),
        contact_id=str(e.contact_id),
        existing_account_id=text(e.existing_account_id),
        account=_converted(ev.ConvertedAccount, e.account, ACCOUNT_KNOWN),
        contact=_converted(ev.ConvertedContact, e.contact, CONTACT_FIELDS),
        owner_id=text(e.owner_id),
        campaign_id=text(e.campaign_id),
        lead_source=text(e.lead_source),
        opportunity_name=text(e.opportunity_name),
        opportunity_amount=text(e.opportunity_amount),
        currency=text(e.currency),
        converted_by=e.by,
        converted_at=optional_timestamp(e.at),
        tags=list(e.tags),
    )
    return OutgoingEvent(LEAD_CONVERTED, str(e.lead_id), message)


def _converted(
    kind: Callable[..., Any], values: Mapping[str, MappedValue], known: tuple[str, ...]
) -> Any:
    """A converted account or contact: known fields typed, admins' own targets in ``extra``."""
    extra = {k: str(v) for k, v in values.items() if k not in known}
    message = kind(extra=extra)
    for name, value in values.items():
        if name not in known:
            continue
        if isinstance(value, Mapping):
            getattr(message, name).CopyFrom(p.address(value))
        elif name == "employees":
            message.employees = int(value)
        else:
            setattr(message, name, text(value))
    return message


def _opportunity_created(e: events.OpportunityCreated) -> OutgoingEvent:
    o = e.opportunity
    return OutgoingEvent(
        OPPORTUNITY_CREATED, str(o.id), ev.OpportunityCreated(opportunity=p.opportunity(o))
    )


def _stage_changed(e: events.OpportunityStageChanged) -> OutgoingEvent:
    message = ev.OpportunityStageChanged(
        opportunity=p.opportunity(e.opportunity),
        previous_stage=e.previous_stage,
        changed_by=e.by,
        changed_at=optional_timestamp(e.at),
    )
    return OutgoingEvent(OPPORTUNITY_STAGE_CHANGED, str(e.opportunity.id), message)


def _won(e: events.OpportunityWon) -> OutgoingEvent:
    message = ev.OpportunityWon(
        opportunity=p.opportunity(e.opportunity),
        won_by=e.by,
        won_at=optional_timestamp(e.at),
    )
    return OutgoingEvent(OPPORTUNITY_WON, str(e.opportunity.id), message)


def _lost(e: events.OpportunityLost) -> OutgoingEvent:
    message = ev.OpportunityLost(
        opportunity=p.opportunity(e.opportunity),
        lost_reason=text(e.opportunity.lost_reason),
        lost_by=e.by,
        lost_at=optional_timestamp(e.at),
    )
    return OutgoingEvent(OPPORTUNITY_LOST, str(e.opportunity.id), message)


def _quote_approved(e: events.QuoteApproved) -> OutgoingEvent:
    message = p.quote_approved(e.quote)
    message.superseded_quote_ids.extend(str(i) for i in e.superseded_quote_ids)
    return OutgoingEvent(QUOTE_APPROVED, str(e.quote.id), message)


def _order_created(e: events.OrderCreated) -> OutgoingEvent:
    return OutgoingEvent(ORDER_CREATED, str(e.order.id), p.order_created(e.order))


_TRANSLATIONS: dict[type, Callable[[Any], OutgoingEvent]] = {
    events.LeadCreated: _lead_created,
    events.LeadAssigned: _lead_assigned,
    events.LeadStale: _lead_stale,
    events.LeadConverted: _lead_converted,
    events.OpportunityCreated: _opportunity_created,
    events.OpportunityStageChanged: _stage_changed,
    events.OpportunityWon: _won,
    events.OpportunityLost: _lost,
    events.QuoteApproved: _quote_approved,
    events.OrderCreated: _order_created,
}
