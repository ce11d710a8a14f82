"""crm_access.field_queries: a filter or sort on a hidden field is 403 naming it."""

import pytest

from crm_access import FieldAccess
from crm_access.field_queries import check_query_fields, hidden_in, searchable_fields
from crm_chassis.errors import Forbidden

FA = FieldAccess({"phone": "hidden", "website": "read_only"})


def test_a_parameter_reading_a_hidden_field_is_forbidden_naming_both():
    with pytest.raises(Forbidden) as exc:
        check_query_fields(FA, {"owner_id": ["owner_id"], "phone": ["phone", "mobile"]})
    assert exc.value.errors[0].field == "phone" and "'phone'" in str(exc.value.detail)


def test_read_only_and_editable_fields_may_be_queried():
    check_query_fields(FA, {"web_domain": ["website"], "sort": ["name"]})
    check_query_fields(FieldAccess(), {"phone": ["phone"]})


def test_search_keeps_only_visible_fields_in_order():
    assert searchable_fields(FA, ["name", "phone", "website"]) == ("name", "website")
    assert hidden_in(FA, ["name", "phone"]) == ("phone",)
