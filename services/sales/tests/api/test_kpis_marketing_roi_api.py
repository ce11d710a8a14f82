"""The KPI report's marketing ROI section: read from marketing with the caller's token;
marketing down or refusing costs the section only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crm_access import token_verifier
from crm_chassis.db import Database
from crm_chassis.errors import Forbidden, Unavailable
from crm_sales.api.app import build_app
from crm_sales.bootstrap import bootstrap
from crm_sales.domain.ports import CampaignRoiLine, MarketingRoiSummary

URL = "/api/sales/v1/reports/kpis"


class FakeMarketing:
    def __init__(self) -> None:
        self.asked: list[tuple[Any, Any, str | None]] = []
        self.fail: Exception | None = None

    def campaign_roi(self, start, end, *, token):
        self.asked.append((start, end, token))
        if self.fail is not None:
            raise self.fail
        line = CampaignRoiLine("c1", "Fair", "EUR", "1000.00", 4, 2, 1, "3000.00", "2.0000")
        small = CampaignRoiLine("c2", "Ad", "EUR", "", 1, 0, 0, "0.00", "")
        return MarketingRoiSummary(
            campaigns=(small, line),
            total_actual_cost={"EUR": "1000.00"},
            total_won_revenue={"EUR": "3000.00"},
        )


@pytest.fixture
def marketing() -> FakeMarketing:
    return FakeMarketing()


@pytest.fixture
def kpi_client(settings, directory, marketing):
    svc = bootstrap(
        settings, db=Database(settings.database_url), directory=directory, marketing=marketing
    )
    yield build_app(svc, token_verifier(settings, svc.access.store)).test_client()
    svc.db.dispose()


def test_the_section_sums_per_currency_and_lists_the_best(kpi_client, admin, marketing):
    body = kpi_client.get(f"{URL}?from=2026-03-01&to=2026-03-31", headers=admin).get_json()
    roi = body["marketing_roi"]
    assert roi["status"] == "ok" and roi["campaigns"] == 2
    assert roi["totals"] == [
        {"currency": "EUR", "actual_cost": "1000.00", "won_revenue": "3000.00", "roi": "2.0000"}
    ]
    assert [c["name"] for c in roi["top_campaigns"]] == ["Fair", "Ad"]
    start, end, token = marketing.asked[-1]
    assert (start, end) == (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert token == admin["Authorization"].split()[1]  # the caller's own token
    assert "leads_created" in body


@pytest.mark.parametrize(
    ("error", "status"),
    [(Unavailable("down"), "unavailable"), (Forbidden("no"), "forbidden")],
)
def test_marketing_down_or_refusing_costs_the_section_only(
    kpi_client, admin, marketing, error, status
):
    marketing.fail = error
    answer = kpi_client.get(URL, headers=admin)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["marketing_roi"]["status"] == status and body["marketing_roi"]["note"]
    assert "win_rate" in body


def test_csv_leaves_the_section_out(kpi_client, admin):
    answer = kpi_client.get(f"{URL}?format=csv", headers=admin)
    assert answer.status_code == 200 and b"marketing" not in answer.data
