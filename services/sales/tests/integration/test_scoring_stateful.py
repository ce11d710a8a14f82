"""Case 4, explored: scoring rules added, changed and deleted in random order between lead
captures, changes and rescoring passes (the use cases on the test database).

Invariants after every step: each lead's score is the sum of its breakdown and its scored
version is no newer than the rules'; after a rescoring pass, every lead's score and
breakdown are what the current rules give (a fresh computation), and a second pass writes
nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from crm_chassis.auth.principal import Principal
from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.domain import scoring
from crm_sales.domain.commands import (
    AddScoringRule,
    CreateLead,
    DeleteScoringRule,
    RescoreLeads,
    UpdateLead,
    UpdateScoringRule,
)
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.leads import Lead

INDUSTRIES = st.sampled_from([None, "Technology", "Retail", "Banking"])
COMPANIES = st.sampled_from([None, "Acme", "Acme Labs", "Beta"])
VALUES = st.sampled_from(["Technology", "Retail", "Acme", "Beta", ""])
FIELDS = st.sampled_from(["industry", "company"])
OPERATORS = st.sampled_from(["equals", "not_equals", "contains", "is_set"])
POINTS = st.integers(min_value=-20, max_value=20)


class Scoring(RuleBasedStateMachine):
    """The use cases of scoring and leads in random order; set ``service`` first."""

    service: Any = None
    admin = Principal(subject=str(uuid.uuid4()), roles=("admin",))
    rules_ = Bundle("rules")
    leads = Bundle("leads")

    def __init__(self) -> None:
        super().__init__()
        with self.service.db.transaction() as s:  # each example starts empty
            for table in (t.lead_tags, t.lead_status_history, t.leads, t.scoring_rules):
                s.execute(sa.delete(table))
        self.fresh = True

    def run(self, command: Any) -> Any:
        return self.service.run(command, caller=self.admin)

    @rule(target=rules_, field=FIELDS, operator=OPERATORS, value=VALUES, points=POINTS)
    def add_rule(self, field: str, operator: str, value: str, points: int) -> uuid.UUID:
        self.fresh = False
        return self.run(AddScoringRule(field, operator, points, value)).id

    @rule(rule_id=rules_, points=POINTS, active=st.booleans(), value=VALUES)
    def change_rule(self, rule_id: uuid.UUID, points: int, active: bool, value: str) -> None:
        self.fresh = False
        fields = {"points": points, "active": active, "value": value}
        self.run(UpdateScoringRule(rule_id, fields))

    @rule(rule_id=consumes(rules_))
    def delete_rule(self, rule_id: uuid.UUID) -> None:
        self.fresh = False
        self.run(DeleteScoringRule(rule_id))

    @rule(target=leads, industry=INDUSTRIES, company=COMPANIES)
    def capture(self, industry: str | None, company: str | None) -> uuid.UUID:
        fields = LeadFields(last_name="Lead", industry=industry, company=company)
        return self.run(CreateLead(fields, frozenset({"last_name", "industry", "company"}))).id

    @rule(lead_id=leads, industry=INDUSTRIES)
    def change_lead(self, lead_id: uuid.UUID, industry: str | None) -> None:
        self.run(UpdateLead(lead_id, LeadFields(industry=industry), frozenset({"industry"})))

    @rule(batch=st.integers(min_value=1, max_value=4))
    def rescore(self, batch: int) -> None:
        self.service.run(RescoreLeads(batch_size=batch))
        assert self.service.run(RescoreLeads()) == 0  # a second pass has nothing to do
        self.fresh = True

    def stored(self) -> tuple[list[Lead], list[Any], int]:
        with self.service.uow() as tx:
            version = tx.scores.version()
            found = [rows.build(Lead, r) for r in tx.session.execute(sa.select(t.leads))]
            return found, tx.rules.scoring(), version

    @invariant()
    def scores_agree_with_breakdowns_and_rules(self) -> None:
        leads, current, version = self.stored()
        for lead in leads:
            assert lead.score == scoring.total(lead.score_breakdown)
            assert lead.scored_version <= version
            if self.fresh:
                assert lead.scored_version == version
                assert list(lead.score_breakdown) == list(scoring.breakdown(lead, current))
                assert lead.score == scoring.score(lead, current)


def test_scores_follow_the_rules_whatever_the_order(service: Any) -> None:
    Scoring.service = service
    run_state_machine_as_test(
        Scoring,
        settings=settings(
            max_examples=40,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
