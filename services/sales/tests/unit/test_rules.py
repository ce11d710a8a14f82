"""Scoring, assignment, stage probabilities and the conversion mapping (pure domain)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from crm_chassis.errors import InvalidFields
from crm_chassis.fields import Address
from crm_chassis.money import Money
from crm_sales.domain import assignment, scoring
from crm_sales.domain.assignment import AssignmentRule
from crm_sales.domain.conversion import (
    DEFAULT_MAPPING,
    Conversion,
    MappingRow,
    apply_mapping,
    check_mapping,
)
from crm_sales.domain.errors import LeadAlreadyConverted
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.leads import Lead
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.scoring import ScoringRule

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def make_lead(**fields) -> Lead:
    if "annual_revenue" in fields:
        fields["annual_revenue"] = Money(Decimal(fields["annual_revenue"]), "EUR")
    if "address" in fields:
        fields["address"] = Address(**fields["address"])
    return Lead.capture(
        id=uuid.uuid4(),
        owner_id=None,
        now=NOW,
        by="t",
        origin="api",
        fields=LeadFields(last_name="Lovelace", **fields),
    )


def stage(name: str) -> OpportunityFields:
    return OpportunityFields(sales_stage=name)


def rule(field: str, op: str, value: str, points: int) -> ScoringRule:
    return ScoringRule(uuid.uuid4(), field, op, value, points)


def test_scoring_adds_the_points_of_every_matching_rule() -> None:
    rules = [
        rule("industry", "equals", "Technology", 20),
        rule("annual_revenue", "greater_than", "1000000", 10),
        rule("email", "domain_in", "gmail.com, yahoo.com", -50),
    ]
    big_tech = make_lead(
        industry="Technology", annual_revenue="2000000", email="ceo@bigtech.example"
    )
    free_mail = make_lead(industry="Technology", email="someone@gmail.com")
    assert scoring.score(big_tech, rules) == 30
    assert scoring.score(free_mail, rules) == -30
    assert scoring.score(make_lead(), rules) == 0


def test_scoring_rules_are_checked() -> None:
    with pytest.raises(InvalidFields):
        scoring.check_rule(rule("shoe_size", "equals", "x", 1))
    with pytest.raises(InvalidFields):
        scoring.check_rule(rule("employees", "greater_than", "a", 1))


def test_territory_rule_wins_by_priority_and_round_robin_skips_inactive() -> None:
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    owner = uuid.uuid4()
    uk = AssignmentRule(
        uuid.uuid4(),
        "UK",
        1,
        "owner",
        owner_id=owner,
        criteria={"country": "GB", "postal_code_prefix": "SW"},
    )
    rr = AssignmentRule(uuid.uuid4(), "Rest", 2, "round_robin", group_id=uuid.uuid4())
    members = lambda _g: [a, b, c]  # noqa: E731
    active = lambda ids: {i for i in ids if i != b}  # noqa: E731
    london = make_lead(address={"country": "GB", "postal_code": "SW1A 1AA"})
    assert assignment.choose([rr, uk], london, members, active)[1] == owner
    picks = [str(assignment.choose([uk, rr], make_lead(), members, active)[1]) for _ in range(4)]
    ordered = sorted([a, b, c])
    expected = [x for x in ordered if x != b]
    assert picks == [expected[0], expected[1], expected[0], expected[1]]


def test_nobody_active_in_the_group_means_no_rule_applies() -> None:
    rr = AssignmentRule(uuid.uuid4(), "RR", 1, "round_robin", group_id=uuid.uuid4())
    assert assignment.choose([rr], make_lead(), lambda _g: ["x"], lambda _ids: set()) is None


def test_each_stage_has_its_default_probability_and_closing_records_the_outcome() -> None:
    opp = Opportunity.open(
        id=uuid.uuid4(),
        owner_id=None,
        now=NOW,
        by="t",
        fields=OpportunityFields(name="Deal", amount="100"),
    )
    assert (opp.sales_stage, opp.probability) == ("Prospecting", 10)
    opp.events.clear()
    opp.update(stage("Negotiation/Review"), {"sales_stage"}, now=NOW, by="t", expected_version=None)
    assert opp.probability == 80
    opp.update(stage("Closed Won"), {"sales_stage"}, now=NOW, by="t", expected_version=None)
    assert opp.probability == 100 and opp.closed_at == NOW
    kinds = [type(e).__name__ for e in opp.events]
    assert kinds == ["OpportunityStageChanged", "OpportunityStageChanged", "OpportunityWon"]
    lost = Opportunity.open(
        id=uuid.uuid4(),
        owner_id=None,
        now=NOW,
        by="t",
        fields=OpportunityFields(name="D", sales_stage="Closed Lost"),
    )
    assert lost.probability == 0 and type(lost.events[-1]).__name__ == "OpportunityLost"
    with pytest.raises(InvalidFields):
        opp.update(stage("Dreaming"), {"sales_stage"}, now=NOW, by="t", expected_version=None)


def test_the_default_mapping_fills_account_contact_and_opportunity() -> None:
    lead = make_lead(
        company="Acme",
        email="a@acme.example",
        phone="1",
        title="CTO",
        address={"city": "Leeds"},
        description="d",
        lead_source="Web Site",
        annual_revenue="10",
        industry="Banking",
    )
    account, contact, opp = apply_mapping(lead, DEFAULT_MAPPING)
    assert account["name"] == "Acme" and account["billing_address"]["city"] == "Leeds"
    assert account["shipping_address"]["city"] == "Leeds" and account["industry"] == "Banking"
    assert "title" not in account and contact["title"] == "CTO"
    assert contact["mailing_address"]["city"] == "Leeds" and contact["phone"] == "1"
    assert opp == {"name": "Acme", "description": "d", "lead_source": "Web Site"}
    with pytest.raises(InvalidFields):
        check_mapping([MappingRow(lead_field="address", account_field="name")])


def convert(lead: Lead) -> None:
    conversion = Conversion(lead.id, None, uuid.uuid4(), uuid.uuid4(), False, NOW)
    lead.convert(
        conversion=conversion,
        account={},
        contact={},
        opportunity=OpportunityFields(),
        owner_id=None,
        by="t",
    )


def test_a_converted_lead_cannot_change_or_convert_again() -> None:
    lead = make_lead()
    convert(lead)
    with pytest.raises(LeadAlreadyConverted):
        lead.update(
            LeadFields(lead_status="Hot"), {"lead_status"}, now=NOW, by="t", expected_version=None
        )
    with pytest.raises(LeadAlreadyConverted):
        convert(lead)


def test_the_fallback_owner_is_the_setting_else_the_creator_else_the_first_admin() -> None:
    from crm_sales.domain.assignment import AssignmentSettings, fallback_owner

    creator, chosen = uuid.uuid4(), uuid.uuid4()
    admins = sorted(str(uuid.uuid4()) for _ in range(3))
    configured = AssignmentSettings.of({"fallback_owner_id": str(chosen)})
    assert fallback_owner(configured, creator=creator, administrators=admins) == chosen
    unset = AssignmentSettings.of(None)
    assert fallback_owner(unset, creator=creator, administrators=admins) == creator
    assert fallback_owner(unset, creator=None, administrators=admins[::-1]) == uuid.UUID(admins[0])
    assert fallback_owner(unset, creator=None, administrators=[]) is None
    assert AssignmentSettings.of(configured.as_setting()) == configured


def test_a_fallback_owner_no_longer_active_gives_way_to_the_creator() -> None:
    from crm_sales.domain.assignment import AssignmentSettings, fallback_owner

    creator, gone = uuid.uuid4(), uuid.uuid4()
    settings = AssignmentSettings(gone)
    assert fallback_owner(settings, creator=creator, administrators=[]) == gone
    chosen = fallback_owner(
        settings, creator=creator, administrators=[], available=lambda owner: owner != gone
    )
    assert chosen == creator
