"""Conversion-mapping rows are checked when saved: every target can be written (case 3)."""

import pytest

from crm_chassis.errors import InvalidFields
from crm_sales.domain.conversion import (
    CONTACT_TARGETS,
    DEFAULT_MAPPING,
    MappingRow,
    apply_mapping,
    check_mapping,
)


def _errors(*rows: MappingRow) -> dict[str, str]:
    with pytest.raises(InvalidFields) as err:
        check_mapping(rows)
    return {e.field: e.message for e in err.value.errors or ()}


def test_the_default_mapping_and_rows_to_contact_fields_are_accepted() -> None:
    assert check_mapping(DEFAULT_MAPPING) == DEFAULT_MAPPING
    row = MappingRow("product_interest", contact_field="department")
    assert check_mapping([row]) == (row,)
    assert "department" in CONTACT_TARGETS


def test_unknown_read_only_and_wrongly_typed_targets_are_refused_naming_the_row() -> None:
    errors = _errors(
        MappingRow("company", account_field="name"),
        MappingRow("product_interest", contact_field="interest"),
        MappingRow("email", contact_field="owner_id"),
        MappingRow("first_name", account_field="employees"),
        MappingRow("address", contact_field="department"),
        MappingRow("city", account_field="name"),
        MappingRow("employees", opportunity_field="amount"),
    )
    assert set(errors) == {
        "rows.1.contact_field",
        "rows.2.contact_field",
        "rows.3.account_field",
        "rows.4.contact_field",
        "rows.5.lead_field",
        "rows.6.opportunity_field",
    }
    assert "read-only" in errors["rows.2.contact_field"]
    assert "integer" in errors["rows.3.account_field"]


def test_numbers_may_fill_text_targets() -> None:
    check_mapping([MappingRow("employees", contact_field="description")])


def test_a_mapped_contact_field_carries_the_lead_value() -> None:
    class Lead:
        company, full_name, last_name, product_interest = "Acme", "Ann Lee", "Lee", "Pumps"
        annual_revenue_currency = None

    row = MappingRow("product_interest", contact_field="department")
    _, contact, _ = apply_mapping(Lead(), (row,))
    assert contact["department"] == "Pumps"
