"""docs/domain.md shows each support machine exactly as declared (it cannot drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_chassis.states import StateMachine
from crm_support.domain.contracts import CONTRACT_STATUS
from crm_support.domain.tickets import TICKET_STATUS

DOMAIN_DOC = Path(__file__).resolve().parents[4] / "docs" / "domain.md"


@pytest.mark.parametrize("machine", [TICKET_STATUS, CONTRACT_STATUS], ids=lambda m: m.name)
def test_the_domain_doc_shows_the_machine(machine: StateMachine) -> None:
    assert machine.as_markdown() in DOMAIN_DOC.read_text(encoding="utf-8")
