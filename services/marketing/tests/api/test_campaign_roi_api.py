"""Campaign ROI over REST: credits counted per campaign and period, JSON and CSV, record
scope, bad periods 422."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from crm_marketing.domain.roi_commands import (
    CreditConversion,
    CreditLead,
    CreditOpportunity,
    CreditSubmission,
)

API = "/api/marketing/v1"
REPORT = f"{API}/reports/campaign-roi"
MARCH = datetime(2026, 3, 10, tzinfo=UTC)
APRIL = datetime(2026, 4, 10, tzinfo=UTC)


def _admin(token_factory):
    return {"Authorization": f"Bearer {token_factory.admin(str(uuid.uuid4()))}"}


def _credit(service, campaign: uuid.UUID) -> None:
    run = service.run
    leads = [uuid.uuid4() for _ in range(4)]
    for n, lead in enumerate(leads):
        run(CreditLead(lead, campaign, "web_form", MARCH if n < 3 else APRIL))
    run(CreditSubmission("s-1", campaign, "f-1", MARCH))
    deal, other = uuid.uuid4(), uuid.uuid4()
    run(CreditConversion(leads[0], campaign, deal, Decimal("900"), "EUR", MARCH))
    run(CreditConversion(leads[1], campaign, other, None, "EUR", MARCH))
    run(CreditOpportunity(deal, campaign, "won", Decimal("3000"), "EUR", 3, MARCH))
    run(CreditOpportunity(other, campaign, "lost", Decimal("50"), "EUR", 2, MARCH))
    # A late, older snapshot changes nothing; a repeat changes nothing either.
    run(CreditOpportunity(deal, campaign, "open", Decimal("1"), "EUR", 1, MARCH))
    run(CreditLead(leads[0], campaign, "api", MARCH))


def test_roi_per_campaign_and_period(client, service, token_factory):
    admin = _admin(token_factory)
    body = {"name": "Fair", "actual_cost": "1000", "currency": "EUR"}
    campaign = client.post(f"{API}/campaigns", json=body, headers=admin).get_json()["id"]
    free = client.post(f"{API}/campaigns", json={"name": "Free"}, headers=admin).get_json()["id"]
    _credit(service, uuid.UUID(campaign))
    everything = client.get(REPORT, headers=admin).get_json()["items"]
    row = next(r for r in everything if r["campaign_id"] == campaign)
    assert (row["leads"], row["submissions"], row["conversions"]) == (4, 1, 2)
    assert (row["opportunities"], row["won_opportunities"], row["lost_opportunities"]) == (2, 1, 1)
    assert row["won_revenue"] == "3000.00"
    assert (row["cost_per_lead"], row["cost_per_conversion"]) == ("250.00", "500.00")
    assert row["roi"] == "2.0000"
    nothing = next(r for r in everything if r["campaign_id"] == free)
    assert nothing["roi"] is None and nothing["cost_per_lead"] is None
    march = client.get(
        f"{REPORT}?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z", headers=admin
    ).get_json()["items"]
    row = next(r for r in march if r["campaign_id"] == campaign)
    assert row["leads"] == 3 and row["cost_per_lead"] == "333.33"


def test_roi_as_csv(client, service, token_factory):
    admin = _admin(token_factory)
    body = {"name": "=HYPERLINK(1)", "actual_cost": "1000"}
    campaign = client.post(f"{API}/campaigns", json=body, headers=admin).get_json()["id"]
    _credit(service, uuid.UUID(campaign))
    answer = client.get(f"{REPORT}?format=csv", headers=admin)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0]["roi"] == "2.0000" and rows[0]["leads"] == "4"
    assert rows[0]["name"].startswith("'")  # a formula is written as text
    by_accept = client.get(REPORT, headers={**admin, "Accept": "text/csv"})
    assert by_accept.mimetype == "text/csv"


def test_bad_period_is_422_and_no_module_403(client, token_factory):
    admin = _admin(token_factory)
    bad = client.get(f"{REPORT}?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z", headers=admin)
    assert bad.status_code == 422
    assert client.get(f"{REPORT}?from=yesterday", headers=admin).status_code in (400, 422)
    nobody = {"Authorization": f"Bearer {token_factory.issue(str(uuid.uuid4()), perms=[])}"}
    assert client.get(REPORT, headers=nobody).status_code == 403
