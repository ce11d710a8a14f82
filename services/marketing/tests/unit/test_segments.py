"""Segment filters: checked at save, naming the bad field; stored in one shape."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm_marketing.domain.audience_errors import InvalidFilter
from crm_marketing.domain.segments import Segment, SegmentFields, check_filter, criteria

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def bad_fields(raw, record_types="both"):
    with pytest.raises(InvalidFilter) as caught:
        check_filter(raw, record_types)
    return {e.field: e.message for e in caught.value.errors}


def test_a_good_filter_is_kept_trimmed_sorted_and_in_utc():
    owner = uuid.uuid4()
    stored = check_filter(
        {
            "tags": [" vip", "beta", "vip"],
            "industries": ["Banking"],
            "owner_id": str(owner),
            "created_since": "2026-01-01T01:00:00+01:00",
            "lead_sources": [],
        },
        "both",
    )
    assert stored == {
        "tags": ["beta", "vip"],
        "industries": ["Banking"],
        "owner_id": str(owner),
        "created_since": "2026-01-01T00:00:00+00:00",
    }
    parsed = criteria(stored)
    assert parsed["owner_id"] == owner and parsed["created_since"].tzinfo is not None


def test_an_unknown_field_is_named():
    assert list(bad_fields({"shoe_size": ["42"]})) == ["filter.shoe_size"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"tags": "vip"}, "filter.tags"),
        ({"tags": [1, 2]}, "filter.tags"),
        ({"owner_id": "bob"}, "filter.owner_id"),
        ({"updated_since": "yesterday"}, "filter.updated_since"),
        ({"created_since": "2026-01-01T00:00:00"}, "filter.created_since"),
        ({"tags": [f"t{n}" for n in range(51)]}, "filter.tags"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named(raw, field):
    assert list(bad_fields(raw)) == [field]


def test_a_field_the_record_types_lack_is_refused():
    assert "filter.lead_statuses" in bad_fields({"lead_statuses": ["Hot"]}, "contacts")
    assert "filter.account_types" in bad_fields({"account_types": ["Customer"]}, "leads")
    assert "record_types" in bad_fields({}, "people")


def test_a_change_checks_the_filter_against_the_new_record_types():
    segment = Segment.create(
        id=uuid.uuid4(),
        fields=SegmentFields(
            name="Hot leads", record_types="leads", filter={"lead_statuses": ["Hot"]}
        ),
        by="u",
        now=NOW,
    )
    with pytest.raises(InvalidFilter):
        segment.change(SegmentFields(record_types="contacts"), {"record_types"}, NOW)
    assert segment.record_types == "leads" and segment.version == 1
    segment.change(SegmentFields(filter={"tags": ["x"]}), {"filter"}, NOW)
    assert segment.filter == {"tags": ["x"]} and segment.version == 2
