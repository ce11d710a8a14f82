"""docs/domain.md shows each sales machine exactly as declared (it cannot drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_chassis.states import StateMachine
from crm_sales.domain.lead_status import LEAD_STATUS, PROSPECT_STATUS
from crm_sales.domain.opportunities import OPPORTUNITY_STAGE
from crm_sales.domain.orders import ORDER_STATUS
from crm_sales.domain.quotes import QUOTE_STAGE, QUOTE_STATUS

DOMAIN_DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"


@pytest.mark.parametrize(
    "machine",
    [LEAD_STATUS, PROSPECT_STATUS, OPPORTUNITY_STAGE, QUOTE_STATUS, QUOTE_STAGE, ORDER_STATUS],
    ids=lambda m: m.name,
)
def test_the_domain_doc_shows_the_machine(machine: StateMachine) -> None:
    assert machine.as_markdown() in DOMAIN_DOC.read_text(encoding="utf-8")
