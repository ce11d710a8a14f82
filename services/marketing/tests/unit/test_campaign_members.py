"""Campaign members: refs, statuses, the summary's counts and rates."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from crm_chassis.errors import InvalidFields
from crm_marketing.domain.campaign_members import (
    MAX_MEMBERS_PER_ADD,
    MemberRef,
    check_refs,
    summarize,
)

CAMPAIGN = uuid.uuid4()


def test_repeats_are_dropped_in_order() -> None:
    a, b = MemberRef("lead", uuid.uuid4()), MemberRef("contact", uuid.uuid4())
    assert check_refs([a, b, a]) == (a, b)


def test_bad_type_empty_and_oversized_batches_are_refused() -> None:
    with pytest.raises(InvalidFields) as err:
        check_refs([MemberRef("account", uuid.uuid4())])
    assert err.value.errors[0].field == "members[0].type"
    with pytest.raises(InvalidFields):
        check_refs([])
    too_many = [MemberRef("lead", uuid.uuid4()) for _ in range(MAX_MEMBERS_PER_ADD + 1)]
    with pytest.raises(InvalidFields):
        check_refs(too_many)


def test_summary_counts_and_rates() -> None:
    s = summarize(
        CAMPAIGN,
        {
            ("lead", "Not Contacted"): 2,
            ("lead", "Contacted - Successful"): 3,
            ("contact", "Contacted - Unsuccessful"): 5,
        },
    )
    assert (s.total, s.leads, s.contacts) == (10, 5, 5)
    by = {c.status: (c.count, c.rate) for c in s.by_status}
    assert by["Contacted - Successful"] == (3, Decimal("0.3000"))
    assert by["Contacted - Never Contact Again"] == (0, Decimal("0.0000"))
    assert s.contacted_rate == Decimal("0.8000")
    assert s.response_rate == Decimal("0.3750")


def test_empty_campaign_has_no_rates() -> None:
    s = summarize(CAMPAIGN, {})
    assert s.total == 0 and s.response_rate is None and s.contacted_rate is None
