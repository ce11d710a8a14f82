"""The reference rule of opportunities and enquiries (case 9), without contacts."""

from __future__ import annotations

import uuid

import pytest

from crm_chassis.errors import InvalidFields
from crm_sales.domain.ports import Account, ContactRef
from crm_sales.domain.references import Found, check_references

ACME, SURVIVOR, BETA = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _fields(found: Found) -> list[str]:
    with pytest.raises(InvalidFields) as exc:
        check_references(found)
    return [e.field for e in exc.value.errors]


def test_missing_records_and_strangers_are_named() -> None:
    ada = uuid.uuid4()
    assert _fields(Found(ACME, None)) == ["account_id"]
    assert _fields(Found(ACME, None, ada, ContactRef(ada, BETA))) == ["account_id"]
    assert _fields(Found(ACME, Account(ACME, "Acme"), ada, None)) == ["contact_id"]
    assert _fields(Found(ACME, Account(ACME, "Acme"), ada, ContactRef(ada, BETA))) == ["contact_id"]


def test_good_references_pass_and_a_merged_account_resolves_to_its_survivor() -> None:
    ada = uuid.uuid4()
    assert check_references(Found()) is None
    assert check_references(Found(ACME, Account(ACME, "Acme"), ada, ContactRef(ada, ACME))) == ACME
    merged = Found(ACME, Account(SURVIVOR, "Survivor"), ada, ContactRef(ada, SURVIVOR))
    assert check_references(merged) == SURVIVOR
    assert check_references(Found(None, None, ada, ContactRef(ada, BETA))) is None
