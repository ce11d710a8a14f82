"""Turn domain events into versioned integration events written to the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm.sales.v1 import events_pb2 as ev
from crm_chassis.events.outbox import Outbox
from crm_chassis.grpc.convert import optional_timestamp, text
from crm_sales.adapters import protos as p
from crm_sales.domain import events
from crm_sales.domain.conversion import ACCOUNT_FIELDS, CONTACT_FIELDS, known_and_extra

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


def _account(values: dict[str, Any]) -> ev.ConvertedAccount:
    typed, extra = known_and_extra(values, (*ACCOUNT_FIELDS, "annual_revenue_currency"))
    msg = ev.ConvertedAccount(extra=extra)
    for k, v in typed.items():
        if k.endswith("address"):
            getattr(msg, k).CopyFrom(p.address(v))
        elif k == "employees":
            msg.employees = int(v)
        else:
            setattr(msg, k, text(v))
    return msg


def _contact(values: dict[str, Any]) -> ev.ConvertedContact:
    typed, extra = known_and_extra(values, CONTACT_FIELDS)
    msg = ev.ConvertedContact(extra=extra)
    for k, v in typed.items():
        if k.endswith("address"):
            getattr(msg, k).CopyFrom(p.address(v))
        else:
            setattr(msg, k, text(v))
    return msg


def integration_event(event: Any) -> tuple[str, str, Any]:
    """Return (type, subject, payload message) for a domain event."""
    match event:
        case events.LeadCreated(lead=lead, origin=origin):
            return (
                LEAD_CREATED,
                str(lead.id),
                ev.LeadCreated(
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
                    origin=origin,
                    created_at=optional_timestamp(lead.created_at),
                ),
            )
        case events.LeadAssigned():
            return (
                LEAD_ASSIGNED,
                str(event.lead_id),
                ev.LeadAssigned(
                    lead_id=str(event.lead_id),
                    owner_id=text(event.owner_id),
                    previous_owner_id=text(event.previous_owner_id),
                    reason=event.reason,
                    rule_id=text(event.rule_id),
                    assigned_by=event.by,
                    assigned_at=optional_timestamp(event.at),
                ),
            )
        case events.LeadStale():
            return (
                LEAD_STALE,
                str(event.lead_id),
                ev.LeadStale(
                    lead_id=str(event.lead_id),
                    owner_id=text(event.owner_id),
                    last_touched_at=optional_timestamp(event.last_touched_at),
                    detected_at=optional_timestamp(event.at),
                ),
            )
        case events.LeadConverted(lead=lead):
            opp = event.opportunity
            return (
                LEAD_CONVERTED,
                str(lead.id),
                ev.LeadConverted(
                    lead_id=str(lead.id),
                    opportunity_id=text(event.opportunity_id),
                    account_id=str(event.account_id),
                    contact_id=str(event.contact_id),
                    existing_account_id=text(event.existing_account_id),
                    account=_account(event.account),
                    contact=_contact(event.contact),
                    owner_id=text(event.owner_id),
                    campaign_id=text(lead.campaign_id),
                    lead_source=text(lead.lead_source),
                    opportunity_name=text(opp.get("name")),
                    opportunity_amount=text(opp.get("amount")),
                    currency=text(opp.get("currency") or (lead.annual_revenue_currency or "")),
                    converted_by=event.by,
                    converted_at=optional_timestamp(event.at),
                    tags=list(lead.tags),
                ),
            )
        case events.OpportunityCreated(opportunity=o):
            return (
                OPPORTUNITY_CREATED,
                str(o.id),
                ev.OpportunityCreated(opportunity=p.opportunity(o)),
            )
        case events.OpportunityStageChanged(opportunity=o):
            return (
                OPPORTUNITY_STAGE_CHANGED,
                str(o.id),
                ev.OpportunityStageChanged(
                    opportunity=p.opportunity(o),
                    previous_stage=event.previous_stage,
                    changed_by=event.by,
                    changed_at=optional_timestamp(event.at),
                ),
            )
        case events.OpportunityWon(opportunity=o):
            return (
                OPPORTUNITY_WON,
                str(o.id),
                ev.OpportunityWon(
                    opportunity=p.opportunity(o),
                    won_by=event.by,
                    won_at=optional_timestamp(event.at),
                ),
            )
        case events.OpportunityLost(opportunity=o):
            return (
                OPPORTUNITY_LOST,
                str(o.id),
                ev.OpportunityLost(
                    opportunity=p.opportunity(o),
                    lost_reason=text(o.lost_reason),
                    lost_by=event.by,
                    lost_at=optional_timestamp(event.at),
                ),
            )
        case events.QuoteApproved(quote=q):
            return QUOTE_APPROVED, str(q.id), p.quote_approved(q)
        case events.OrderCreated(order=o):
            return ORDER_CREATED, str(o.id), p.order_created(o)
    raise TypeError(f"no integration event for {type(event).__name__}")


class OutboxRecorder:
    """The unit of work's event recorder: one outbox row per domain event."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def __call__(self, session: Session, event: Any) -> None:
        type_, subject, payload = integration_event(event)
        self.outbox.add(session, type=type_, subject=subject, data=payload)
