"""``account_json`` writes an account exactly as ``AccountOut`` dumps it to JSON.

The REST account routes answer ``account_json`` as a ``JsonBody``, which skips the response
schema's validation; this is the check that stands in for it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic_core import to_json

from crm_chassis.fields import Address
from crm_chassis.http import JsonBody, Page
from crm_chassis.http.responses import json_datetime
from crm_chassis.money import Money
from crm_contacts.api.accounts import account_json, account_out
from crm_contacts.api.schemas import AccountOut
from crm_contacts.domain.accounts import Account

text = st.none() | st.text(max_size=12)
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)
addresses = st.none() | st.builds(Address, text, text, text, text, text).filter(
    lambda a: not a.is_empty()
)
money = st.none() | st.builds(
    Money,
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    ),
    st.sampled_from(["EUR", "USD", "JPY"]),
)
accounts = st.builds(
    Account,
    id=st.uuids(),
    name=st.text(min_size=1, max_size=20),
    owner_id=st.uuids(),
    created_at=moments,
    updated_at=moments,
    account_type=text,
    industry=text,
    website=text,
    phone=text,
    email=text,
    billing_address=addresses,
    shipping_address=addresses,
    annual_revenue=money,
    employees=st.none() | st.integers(0, 10**8),
    description=text,
    tags=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    customer_code=text,
    parent_id=st.none() | st.uuids(),
    area=text,
    fax=text,
    rating=text,
    origin_lead_id=st.none() | st.uuids(),
    version=st.integers(1, 10**6),
)


@settings(max_examples=300, deadline=None)
@given(accounts)
def test_account_json_is_account_outs_json_dump(account: Account) -> None:
    assert account_json(account) == account_out(account).model_dump(mode="json")


@settings(max_examples=100, deadline=None)
@given(st.lists(accounts, max_size=3), st.none() | st.text(max_size=10))
def test_a_page_written_as_it_is_equals_the_validated_page(
    items: list[Account], cursor: str | None
) -> None:
    # What the response writer sends for a JsonBody, and what it sends for the same page
    # validated against the declared schema (hidden fields removed: keys left out).
    hidden = {"email", "annual_revenue"}
    bodies = [{k: v for k, v in account_json(a).items() if k not in hidden} for a in items]
    adapter = TypeAdapter(Page[AccountOut])
    validated = adapter.dump_json(
        adapter.validate_python({"items": bodies, "next_cursor": cursor}), exclude_unset=True
    )
    written = to_json(JsonBody(items=bodies, next_cursor=cursor))
    assert json.loads(written) == json.loads(validated)


def test_datetimes_are_written_as_pydantic_writes_them() -> None:
    adapter = TypeAdapter(datetime)
    for moment in (
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 400000, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 123, tzinfo=timezone(timedelta(hours=1))),
    ):
        assert json_datetime(moment) == adapter.dump_python(moment, mode="json")
