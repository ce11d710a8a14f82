"""One field-check kit and one Money for every service."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_chassis.currencies import is_currency, minor_unit
from crm_chassis.errors import InvalidFields
from crm_chassis.fields import Address, Checker, search_text, text
from crm_chassis.money import Money, decimal_str, format_amount, round_money


def test_every_bad_field_is_named_in_one_error() -> None:
    check = Checker()
    assert check.email("email", " a@b.co ") == "a@b.co"
    assert check.email("email2", "nope") is None
    assert check.pick("status", "Odd", ("Open", "Closed")) is None
    assert check.decimal("amount", "1e400") is None
    assert check.decimal("price", "-1", minimum=Decimal(0)) is None
    assert check.date("due", "2026-02-30") is None
    assert check.uuid("owner_id", "x") is None
    assert check.currency("currency", "eur") == "EUR"
    with pytest.raises(InvalidFields) as raised:
        check.raise_if_any()
    assert [e.field for e in raised.value.errors] == [
        "email2",
        "status",
        "amount",
        "price",
        "due",
        "owner_id",
    ]


def test_clean_values_come_back_parsed() -> None:
    check = Checker()
    assert check.decimal("q", "2.50", positive=True) == Decimal("2.50")
    assert check.date("d", "2026-12-03") == date(2026, 12, 3)
    owner = "0d3e4f5a-0000-4000-8000-00000000a001"
    assert check.uuid("o", owner) == UUID(owner)
    assert check.tags([" a", "A", "", "b"]) == ("a", "b")
    assert check.integer("n", 3, minimum=0) == 3
    check.raise_if_any()


def test_floats_are_refused_where_decimal_places_matter() -> None:
    check = Checker()
    assert check.decimal("amount", 0.1, places=2) is None
    assert check.decimal("amount", "0.125", places=2) is None
    assert [e.message for e in check.errors] == [
        "must be a decimal string, not a float",
        "has more than 2 decimal places",
    ]


def test_text_addresses_and_search_text() -> None:
    assert text("  ") is None and text(" x ", limit=1) == "x"
    assert Address.of({"city": " Paris ", "street": ""}) == Address(city="Paris")
    assert Address.of({"city": " "}) is None
    assert "5550100" in search_text("+1 555-0100", None, "Acme").split("\x1f")[1]


def test_money_parses_and_rounds_at_the_currency_scale() -> None:
    check = Checker()
    assert Money.parse("rev", {"amount": "12.5", "currency": "eur"}, check) == Money(
        Decimal("12.5"), "EUR"
    )
    assert Money.parse("rev", {"amount": "-1", "currency": "EURO"}, check) is None
    assert [e.field for e in check.errors] == ["rev.amount", "rev.currency"]
    assert Money(Decimal("12.5"), "EUR").as_dict() == {"amount": "12.50", "currency": "EUR"}
    assert format_amount(Decimal("1.5"), "JPY") == "2"
    assert decimal_str(Decimal("1.23456")) == "1.23456" and decimal_str(Decimal(2)) == "2.00"


@given(st.lists(st.decimals("-1e6", "1e6", places=6), min_size=1, max_size=20))
def test_rounding_each_amount_once_makes_sums_exact(amounts: list[Decimal]) -> None:
    rounded = [round_money(a, "EUR") for a in amounts]
    assert round_money(sum(rounded, Decimal(0)), "EUR") == sum(rounded, Decimal(0))


@pytest.mark.parametrize("code", ["EUR", "usd", "GBP", "JPY", "CHF", "BHD", "CLF"])
def test_iso_4217_currencies_are_accepted(code: str) -> None:
    check = Checker()
    assert check.currency("currency", code) == code.upper()
    assert not check.errors


@pytest.mark.parametrize("code", ["XYZ", "ABC", "EURO", "XXX", "XTS", "XAU", "E1R"])
def test_codes_iso_4217_does_not_list_for_money_are_refused(code: str) -> None:
    check = Checker()
    assert check.currency("price.currency", code) is None
    assert [e.field for e in check.errors] == ["price.currency"]
    assert "ISO 4217" in check.errors[0].message


def test_minor_units_come_from_iso_4217() -> None:
    assert minor_unit("EUR") == 2 and minor_unit("JPY") == 0 and minor_unit("KWD") == 3
    assert minor_unit("CLF") == 4 and is_currency("EUR") and not is_currency("XYZ")
    assert format_amount(Decimal("1234.5"), "JPY") == "1235"
    assert format_amount(Decimal("1.2345"), "BHD") == "1.235"


def test_address_fields_are_the_dataclass_fields_in_order() -> None:
    # Row mappers build an Address from its columns by position, in FIELDS's order.
    assert tuple(f.name for f in dataclasses.fields(Address)) == Address.FIELDS
