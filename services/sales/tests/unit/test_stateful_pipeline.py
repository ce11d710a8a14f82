"""Stateful property tests: random command sequences on a lead and on an opportunity.

After every step: no change the declared machine refuses was accepted, and the derived
fields agree with the status (the prospect flag with the lead's status; probability and
closed_at with the deal's stage; the history ends at the current status).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from crm_chassis.errors import AppError
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.lead_status import (
    LEAD_STATUS,
    NOT_CONTACTED,
    PROSPECT_OPEN,
    PROSPECT_STATUS,
    QUALIFIED,
)
from crm_sales.domain.leads import Lead
from crm_sales.domain.opportunities import (
    CLOSED_PROBABILITY,
    OPPORTUNITY_STAGE,
    Opportunity,
    OpportunityFields,
)
from crm_sales.domain.picklists import LEAD_STATUSES, SALES_STAGES

NOW = datetime(2026, 12, 3, tzinfo=UTC)
SETTINGS = settings(max_examples=50, stateful_step_count=20, deadline=None)
REASONS = st.sampled_from([None, "", "  ", "customer came back"])


class LeadLifecycle(RuleBasedStateMachine):
    @initialize(status=st.sampled_from(LEAD_STATUSES))
    def capture(self, status: str) -> None:
        fields = LeadFields(last_name="Lovelace", lead_status=status)
        self.lead = Lead.capture(
            id=uuid.uuid4(), owner_id=None, now=NOW, by="t", origin="api", fields=fields
        )
        self.was_prospect = self.lead.is_prospect
        self.left_not_contacted = status != NOT_CONTACTED

    def _machine(self):  # type: ignore[no-untyped-def]
        return PROSPECT_STATUS if self.lead.is_prospect else LEAD_STATUS

    @rule(status=st.sampled_from(LEAD_STATUSES))
    def change_status(self, status: str) -> None:
        before, machine = self.lead.lead_status, self._machine()
        try:
            self.lead.update(
                LeadFields(lead_status=status),
                {"lead_status"},
                now=NOW,
                by="t",
                expected_version=None,
            )
        except AppError:
            assert status != before and not machine.can(before, status)
            return
        assert status == before or machine.can(before, status)

    @rule()
    def qualify(self) -> None:
        before = self.lead.lead_status
        try:
            self.lead.qualify(
                interest_level="High", budget=None, potential_value=None, now=NOW, by="t"
            )
        except AppError:
            assert before not in PROSPECT_OPEN
            return
        assert self.lead.is_prospect

    @rule(status=st.sampled_from(LEAD_STATUSES), reason=REASONS)
    def reopen(self, status: str, reason: str | None) -> None:
        before, machine = self.lead.lead_status, self._machine()
        try:
            self.lead.reopen(status, reason=reason, now=NOW, by="t")
        except AppError:
            return
        assert before in machine.terminal and reason and reason.strip()

    @invariant()
    def prospect_flag_agrees_with_the_status(self) -> None:
        lead = self.lead
        if lead.lead_status == QUALIFIED:
            assert lead.is_prospect
        if lead.is_prospect:
            assert lead.lead_status in PROSPECT_STATUS.statuses
        assert lead.is_prospect or not self.was_prospect  # a prospect stays one
        self.was_prospect = lead.is_prospect

    @invariant()
    def never_back_to_not_contacted(self) -> None:
        if self.left_not_contacted:
            assert self.lead.lead_status != NOT_CONTACTED
        self.left_not_contacted = self.lead.lead_status != NOT_CONTACTED

    @invariant()
    def history_ends_at_the_status(self) -> None:
        assert self.lead.history[-1].to_status == self.lead.lead_status


class OpportunityLifecycle(RuleBasedStateMachine):
    @initialize(stage=st.sampled_from(list(SALES_STAGES)))
    def open(self, stage: str) -> None:
        self.opp = Opportunity.open(
            id=uuid.uuid4(),
            owner_id=None,
            now=NOW,
            by="t",
            fields=OpportunityFields(name="Deal", amount="1000", sales_stage=stage),
        )

    @rule(stage=st.sampled_from(list(SALES_STAGES)))
    def change_stage(self, stage: str) -> None:
        before = self.opp.sales_stage
        try:
            self.opp.update(
                OpportunityFields(sales_stage=stage),
                {"sales_stage"},
                now=NOW,
                by="t",
                expected_version=None,
            )
        except AppError:
            assert not OPPORTUNITY_STAGE.can(before, stage)
            return
        assert stage == before or OPPORTUNITY_STAGE.can(before, stage)

    @rule(probability=st.integers(min_value=0, max_value=100))
    def set_probability(self, probability: int) -> None:
        try:
            self.opp.update(
                OpportunityFields(probability=probability),
                {"probability"},
                now=NOW,
                by="t",
                expected_version=None,
            )
        except AppError:
            assert CLOSED_PROBABILITY.get(self.opp.sales_stage) not in (None, probability)

    @rule(stage=st.sampled_from(list(SALES_STAGES)), reason=REASONS)
    def reopen(self, stage: str, reason: str | None) -> None:
        before = self.opp.sales_stage
        try:
            self.opp.reopen(stage, reason=reason, now=NOW, by="t", expected=None)
        except AppError:
            return
        assert before in OPPORTUNITY_STAGE.terminal and stage not in OPPORTUNITY_STAGE.terminal
        assert self.opp.history[-1].reason == reason.strip()

    @invariant()
    def derived_fields_agree_with_the_stage(self) -> None:
        opp = self.opp
        fixed = CLOSED_PROBABILITY.get(opp.sales_stage)
        assert fixed is None or opp.probability == fixed
        assert (opp.closed_at is not None) == opp.is_closed
        if opp.history:
            assert opp.history[-1].to_stage == opp.sales_stage


TestLeadLifecycle = LeadLifecycle.TestCase
TestLeadLifecycle.settings = SETTINGS
TestOpportunityLifecycle = OpportunityLifecycle.TestCase
TestOpportunityLifecycle.settings = SETTINGS
