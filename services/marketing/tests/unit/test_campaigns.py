"""The campaign aggregate: fields, the status machine, money, versions."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from crm_chassis.errors import InvalidFields, ValidationFailed, VersionMismatch
from crm_chassis.states import InvalidTransition, ReasonRequired
from crm_marketing.domain import events as ev
from crm_marketing.domain.campaigns import CAMPAIGN_STATUS, Campaign, CampaignFields

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
OWNER = uuid.uuid4()


def make(**fields: object) -> Campaign:
    given = {"name": "Spring fair", "owner_id": OWNER, **fields}
    return Campaign.create(
        id=uuid.uuid4(), now=NOW, created_by=OWNER, fields=CampaignFields(**given)
    )


def test_a_new_campaign_is_planning_in_eur_and_announced() -> None:
    c = make(campaign_type="Trade Show", budget=Decimal("1000"))
    assert (c.status, c.currency, c.budget, c.version) == ("Planning", "EUR", Decimal("1000.00"), 1)
    assert [type(e) for e in c.events] == [ev.CampaignCreated]


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(InvalidFields) as err:
        make(
            name=" ",
            campaign_type="Carrier pigeon",
            expected_response="Great",
            start_date=date(2026, 5, 2),
            end_date=date(2026, 5, 1),
            currency="XYZ",
            budget=Decimal("-1"),
            target_size=-3,
        )
    named = {e.field for e in err.value.errors}
    assert named == {
        "name",
        "campaign_type",
        "expected_response",
        "end_date",
        "currency",
        "budget",
        "target_size",
    }


def test_amounts_finer_than_the_currency_are_refused() -> None:
    with pytest.raises(InvalidFields) as err:
        make(currency="JPY", actual_cost=Decimal("10.5"))
    assert [e.field for e in err.value.errors] == ["actual_cost"]


def test_end_may_equal_start() -> None:
    c = make(start_date=date(2026, 5, 1), end_date=date(2026, 5, 1))
    assert c.end_date == c.start_date


def test_update_changes_only_sent_fields_and_bumps_the_version() -> None:
    c = make(sponsor="ACME")
    c.events.clear()
    changed = c.update(CampaignFields(name="Autumn fair"), {"name"}, now=NOW)
    assert changed == ("name",) and c.sponsor == "ACME" and c.version == 2
    assert isinstance(c.events[0], ev.CampaignUpdated)
    assert c.update(CampaignFields(name="Autumn fair"), {"name"}, now=NOW) == ()
    assert c.version == 2


def test_a_stale_version_is_refused() -> None:
    c = make()
    with pytest.raises(VersionMismatch):
        c.update(CampaignFields(name="x"), {"name"}, now=NOW, expected_version=7)


def test_status_follows_the_machine() -> None:
    c = make()
    with pytest.raises(InvalidTransition) as err:
        c.change_status("Completed", now=NOW, by="u")
    assert err.value.allowed == ("Active", "Cancelled")
    assert c.change_status("Active", now=NOW, by="u")
    assert c.change_status("Completed", now=NOW, by="u")
    with pytest.raises(ReasonRequired):
        c.change_status("Active", now=NOW, by="u")
    assert c.change_status("Active", now=NOW, by="u", reason="extended a week")
    assert [type(e) for e in c.events][-3:] == [ev.CampaignStatusChanged] * 3


def test_unknown_status_is_422() -> None:
    with pytest.raises(ValidationFailed):
        make().change_status("Paused", now=NOW, by="u")


def test_the_machine_has_vtigers_statuses() -> None:
    assert CAMPAIGN_STATUS.statuses == ("Planning", "Active", "Inactive", "Completed", "Cancelled")
    assert CAMPAIGN_STATUS.terminal == {"Completed", "Cancelled"}
