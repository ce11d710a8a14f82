"""The ROI consumers against a real RabbitMQ (a throwaway vhost): sales' events credit the
campaign once, even when an event is delivered twice or replayed with a new envelope id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm.marketing.v1 import events_pb2 as mkt
from crm.sales.v1 import events_pb2 as sales
from crm_chassis.auth.principal import Principal
from crm_chassis.events.envelope import Envelope
from crm_chassis.testing.bus import publish, running_worker, wait_until
from crm_marketing.adapters.tables import event_tables
from crm_marketing.domain.campaigns import CampaignFields
from crm_marketing.domain.commands import CreateCampaign
from crm_marketing.domain.roi import Period
from crm_marketing.events.incoming import handlers

ADMIN = Principal(subject=str(uuid.uuid4()), roles=("admin",))
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def worker(service, settings, amqp_vhost_url):
    on_bus = settings.model_copy(update={"amqp_url": amqp_vhost_url})
    with running_worker(
        on_bus,
        service.db,
        handlers(service),
        tables=event_tables,
        retry_delays=[1],
        relay_poll_seconds=0.05,
    ) as worker_settings:
        yield worker_settings


def _event(kind: str, subject: str, data, source: str = "sales") -> Envelope:
    return Envelope.build(type=kind, source=source, subject=subject, data=data, time=AT)


def _roi(service, campaign_id):
    return service.roi.one(ADMIN, campaign_id, Period())


def test_sales_events_credit_the_campaign_once(service, worker):
    fields = CampaignFields(name="Fair", actual_cost=None)
    campaign = service.run(CreateCampaign(fields=fields), caller=ADMIN).id
    lead, deal = str(uuid.uuid4()), str(uuid.uuid4())
    created = _event(
        "sales.lead.created.v1",
        lead,
        sales.LeadCreated(lead_id=lead, campaign_id=str(campaign), origin="web_form"),
    )
    captured = _event(
        "marketing.lead.captured.v1",
        "sub-1",
        mkt.LeadCaptured(submission_id="sub-1", form_id="f", campaign_id=str(campaign)),
        source="marketing",
    )
    converted = _event(
        "sales.lead.converted.v1",
        lead,
        sales.LeadConverted(
            lead_id=lead, opportunity_id=deal, campaign_id=str(campaign), currency="EUR"
        ),
    )
    snapshot = sales.Opportunity(
        id=deal, campaign_id=str(campaign), amount="500", currency="EUR", version=4
    )
    won = _event("sales.opportunity.won.v1", deal, sales.OpportunityWon(opportunity=snapshot))
    for event in (created, captured, converted, won, created, won):  # two redeliveries
        publish(worker.amqp_url, event, exchange=worker.events_exchange)
    # The same facts again under new envelope ids (a replay that bypasses the inbox).
    for event in (created, won):
        again = _event(event.type, event.subject, event.data)
        publish(worker.amqp_url, again, exchange=worker.events_exchange)

    # Last in the queue: a lost deal; once it counts, everything before it was handled.
    other = sales.Opportunity(id=str(uuid.uuid4()), campaign_id=str(campaign), version=1)
    lost = _event("sales.opportunity.lost.v1", other.id, sales.OpportunityLost(opportunity=other))
    publish(worker.amqp_url, lost, exchange=worker.events_exchange)

    def settled() -> bool:
        return _roi(service, campaign).facts.lost == 1

    wait_until(settled, timeout=20)
    roi = _roi(service, campaign)
    facts = roi.facts
    assert (facts.leads, facts.conversions, facts.opportunities) == (1, 1, 2)
    assert (facts.submissions, facts.won, facts.lost) == (1, 1, 1)
    assert str(roi.won_revenue) == "500.00"
