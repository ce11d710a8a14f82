"""proto3 <-> Python conversions: nulls as "", UTC timestamps, ids and page parameters
refused with field errors, batch answers in request order, hidden fields cleared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from hypothesis import given
from hypothesis import strategies as st

from crm.identity.v1 import identity_pb2 as pb
from crm_chassis.errors import BadRequest, FieldError, ValidationFailed
from crm_chassis.grpc import convert

MOMENT = datetime(2026, 3, 1, 12, 30, 15, 250000, tzinfo=UTC)


def test_timestamps_round_trip_in_utc_and_none_stays_unset() -> None:
    request = pb.ListUsersRequest(updated_since=convert.timestamp(MOMENT))
    assert convert.optional_datetime(request, "updated_since") == MOMENT
    assert convert.optional_datetime(pb.ListUsersRequest(), "updated_since") is None
    assert convert.optional_timestamp(None) is None
    assert convert.optional_timestamp(MOMENT) == convert.timestamp(MOMENT)


@given(st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5))])))
def test_a_timestamp_is_the_one_protobuf_builds_from_the_datetime(moment: datetime) -> None:
    expected = Timestamp()
    expected.FromDatetime(moment)  # protobuf's own conversion: naive is UTC
    assert convert.timestamp(moment) == expected


def test_text_turns_none_into_empty_and_keeps_decimal_digits() -> None:
    assert convert.text(None) == ""
    assert convert.text(Decimal("10.50")) == "10.50"
    some = uuid4()
    assert convert.text(some) == str(some)


def test_a_malformed_id_is_a_field_error_of_the_chosen_kind() -> None:
    with pytest.raises(BadRequest) as bad:
        convert.parse_uuid("account_id", "nope")
    assert bad.value.errors == [FieldError("account_id", "must be a UUID")]
    with pytest.raises(ValidationFailed):
        convert.parse_uuid("id", "nope", error=ValidationFailed)
    assert convert.optional_uuid("owner_id", "") is None


def test_a_batch_over_the_limit_is_refused() -> None:
    ids = [str(uuid4()) for _ in range(3)]
    assert convert.parse_ids(ids, 3) == [UUID(i) for i in ids]
    with pytest.raises(BadRequest) as bad:
        convert.parse_ids(ids, 2)
    assert bad.value.errors == [FieldError("ids", "at most 2")]


@pytest.mark.parametrize("size", [-1, 501])
def test_a_page_size_out_of_range_is_refused(size: int) -> None:
    with pytest.raises(BadRequest):
        convert.page_size(size, 50, 500)


def test_page_size_and_tokens_default_when_unset() -> None:
    assert convert.page_size(0, 50, 500) == 50
    assert convert.page_size(500, 50, 500) == 500
    assert convert.page_token(pb.ListUsersRequest()) is None
    assert convert.page_token(pb.ListUsersRequest(page_token="abc")) == "abc"
    assert convert.next_page_token(None) == ""


@dataclass
class Record:
    id: UUID


def test_batch_answers_follow_the_request_order_and_name_the_missing_once() -> None:
    a, b, gone = uuid4(), uuid4(), uuid4()
    found, missing = convert.in_request_order([b, gone, a, gone], [Record(a), Record(b)])
    assert [r.id for r in found] == [b, a]
    assert missing == [str(gone)]


def test_hidden_fields_are_cleared_and_unknown_names_ignored() -> None:
    msg = pb.User(id="1", email="a@example.com", locale="en")
    convert.redact([msg], {"email", "salary"})
    assert msg.email == "" and msg.locale == "en"
