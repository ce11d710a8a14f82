"""Service contracts: status follows dates and usage; exhaustion and expiry announced once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_chassis.errors import InvalidFields
from crm_chassis.states import InvalidTransition
from crm_support.domain import contract_events as ev
from crm_support.domain.contracts import (
    ACTIVE,
    CANCELLED,
    CONTRACT_STATUS,
    EXPIRED,
    PLANNED,
    USED_UP,
    ContractClosed,
    ContractFields,
    ServiceContract,
    Usage,
    status_for,
)

DAY = 480
OWNER = uuid.uuid4()


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def a_contract(unit: str = "Hours", total: str | None = "10", **fields: object) -> ServiceContract:
    values = {
        "subject": "Gold support",
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "owner_id": OWNER,
        "tracking_unit": unit,
        "total_units": Decimal(total) if total is not None else None,
        **fields,
    }
    return ServiceContract.create(
        id=uuid.uuid4(),
        number="SC-2026-000001",
        account_id=uuid.uuid4(),
        now=at(date(2025, 12, 1)),
        created_by=OWNER,
        fields=ContractFields(**values),  # type: ignore[arg-type]
    )


def test_a_new_contract_is_planned_then_active_by_date() -> None:
    contract = a_contract()
    assert contract.status == PLANNED
    assert not contract.follow(Usage(), now=at(date(2025, 12, 31)), day_minutes=DAY)
    assert contract.follow(Usage(), now=at(date(2026, 1, 1)), day_minutes=DAY)
    assert contract.status == ACTIVE and contract.events == []


def test_hours_used_up_announces_exhaustion_once() -> None:
    contract = a_contract()
    contract.follow(Usage(minutes=599), now=at(date(2026, 2, 1)), day_minutes=DAY)
    assert contract.status == ACTIVE
    assert contract.remaining(Usage(minutes=599), DAY) == Decimal("0.02")
    contract.follow(Usage(minutes=600), now=at(date(2026, 2, 2)), day_minutes=DAY)
    assert contract.status == USED_UP
    assert [type(e) for e in contract.events] == [ev.ContractExhausted]
    assert contract.events[0].used == Decimal("10.00")
    assert contract.remaining(Usage(minutes=900), DAY) == Decimal(0)
    # The budget raised: back to Active; used up again: no second announcement.
    contract.update(
        ContractFields(total_units=Decimal(20)),
        {"total_units"},
        now=at(date(2026, 2, 3)),
        expected_version=None,
    )
    contract.follow(Usage(minutes=600), now=at(date(2026, 2, 3)), day_minutes=DAY)
    assert contract.status == ACTIVE
    contract.follow(Usage(minutes=1200), now=at(date(2026, 2, 4)), day_minutes=DAY)
    assert contract.status == USED_UP
    assert len(contract.events) == 1


def test_days_and_incidents_count_their_own_unit() -> None:
    assert Usage(minutes=960, tickets=3).in_units("Days", DAY) == Decimal("2.00")
    assert Usage(minutes=960, tickets=3).in_units("Incidents", DAY) == Decimal(3)
    assert Usage(minutes=960, tickets=3).in_units("None", DAY) == Decimal(0)
    contract = a_contract("Incidents", "3")
    contract.follow(Usage(tickets=3), now=at(date(2026, 3, 1)), day_minutes=DAY)
    assert contract.status == USED_UP


def test_expiry_is_final_and_announced_once() -> None:
    contract = a_contract("None", None)
    contract.follow(Usage(), now=at(date(2026, 6, 1)), day_minutes=DAY)
    contract.follow(Usage(), now=at(date(2027, 1, 1)), day_minutes=DAY)
    assert contract.status == EXPIRED
    assert not contract.follow(Usage(), now=at(date(2027, 2, 1)), day_minutes=DAY)
    assert [type(e) for e in contract.events] == [ev.ContractExpired]
    with pytest.raises(ContractClosed):
        contract.update(
            ContractFields(subject="x"),
            {"subject"},
            now=at(date(2027, 2, 1)),
            expected_version=None,
        )
    with pytest.raises(InvalidTransition) as refused:
        contract.cancel(now=at(date(2027, 2, 1)))
    assert refused.value.allowed == ()


def test_cancelled_stays_cancelled_whatever_the_dates() -> None:
    contract = a_contract()
    contract.cancel(now=at(date(2026, 1, 5)))
    assert contract.status == CANCELLED
    assert not contract.follow(Usage(minutes=10_000), now=at(date(2028, 1, 1)), day_minutes=DAY)
    assert contract.events == []


def test_review_reminder_once_per_review_date() -> None:
    contract = a_contract(review_date=date(2026, 6, 30))
    assert not contract.review_due(now=at(date(2026, 6, 15)), lead_days=14)
    assert contract.review_due(now=at(date(2026, 6, 16)), lead_days=14)
    assert not contract.review_due(now=at(date(2026, 6, 17)), lead_days=14)
    contract.update(
        ContractFields(review_date=date(2026, 9, 30)),
        {"review_date"},
        now=at(date(2026, 7, 1)),
        expected_version=None,
    )
    assert contract.review_due(now=at(date(2026, 9, 20)), lead_days=14)
    assert [type(e) for e in contract.events] == [ev.ContractReviewDue, ev.ContractReviewDue]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"subject": " "}, "subject"),
        ({"end_date": date(2025, 1, 1)}, "end_date"),
        ({"tracking_unit": "Weeks"}, "tracking_unit"),
        ({"tracking_unit": "Hours", "total_units": None}, "total_units"),
        ({"tracking_unit": "None", "total_units": Decimal(3)}, "total_units"),
        ({"tracking_unit": "Incidents", "total_units": Decimal("2.5")}, "total_units"),
        ({"total_units": Decimal(-1)}, "total_units"),
        ({"contract_type": "Nonsense"}, "contract_type"),
        ({"owner_id": None}, "owner_id"),
    ],
)
def test_bad_fields_are_named(fields: dict[str, object], named: str) -> None:
    with pytest.raises(InvalidFields) as refused:
        a_contract(**fields)  # type: ignore[arg-type]
    assert named in [e.field for e in refused.value.errors]


DAYS = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.tuples(DAYS, st.integers(0, 2000)), min_size=1, max_size=12),
)
def test_any_sequence_walks_the_machine_and_announces_at_most_once(
    steps: list[tuple[date, int]],
) -> None:
    contract = a_contract()
    for day, minutes in sorted(steps):
        before = contract.status
        contract.follow(Usage(minutes=minutes), now=at(day), day_minutes=DAY)
        assert before == contract.status or CONTRACT_STATUS.can(before, contract.status)
        expected = status_for(
            current=before,
            start=contract.start_date,
            end=contract.end_date,
            tracked=True,
            total=contract.total_units,
            used=Decimal(minutes) / 60,
            today=day,
        )
        assert contract.status == expected
    kinds = [type(e) for e in contract.events]
    assert kinds.count(ev.ContractExhausted) <= 1 and kinds.count(ev.ContractExpired) <= 1
