"""Lead forms' rules without I/O: the mapping is checked against LeadCaptured, spam
decisions come in a fixed order, values are checked per field type."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crm.marketing.v1 import events_pb2
from crm_chassis.errors import InvalidFields
from crm_marketing.domain.forms import (
    FORM_STATUS,
    LEAD_FIELDS,
    Form,
    FormField,
    FormSpec,
    check_spec,
)
from crm_marketing.domain.submissions import Visit, check_values, lead_of, screen

NOW = datetime(2026, 12, 4, tzinfo=UTC)
DOC = Path(__file__).parents[4] / "docs" / "domain.md"
NOT_TYPED_BY_VISITORS = {
    "submission_id",
    "form_id",
    "campaign_id",
    "lead_source",
    "owner_id",
    "extra",
    "tags",
    "captured_at",
    "address",
}


def _form(**spec: object) -> Form:
    fields = (
        FormField("last", "Last", required=True, maps_to="last_name"),
        FormField("mail", "Mail", type="email", maps_to="email"),
        FormField("street", "Street", maps_to="address.street"),
        FormField("ok", "Agree", type="checkbox", required=True),
        FormField("note", "Note", type="textarea", max_length=20),
    )
    base = FormSpec(name="F", fields=fields, allowed_origins=("https://a.example",))
    return Form(uuid.uuid4(), replace(base, **spec), uuid.uuid4(), NOW, NOW)


def _visit(**overrides: object) -> Visit:
    values: dict[str, object] = dict(
        origin="https://a.example", honeypot="", stamp_age=10.0, hits_from_ip=0, hits_on_form=0
    )
    values.update(overrides)
    return Visit(**values)  # type: ignore[arg-type]


def test_lead_fields_are_exactly_the_visitor_fields_of_lead_captured():
    message = events_pb2.LeadCaptured.DESCRIPTOR
    top = {f.name for f in message.fields} - NOT_TYPED_BY_VISITORS
    address = {f"address.{f.name}" for f in events_pb2.CapturedAddress.DESCRIPTOR.fields}
    assert set(LEAD_FIELDS) == top | address


def test_the_form_status_machine_is_documented():
    assert FORM_STATUS.as_markdown() in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("field", "error"),
    [
        (FormField("x", "X", maps_to="salary"), "fields[0].maps_to"),
        (FormField("x", "X", maps_to="owner_id"), "fields[0].maps_to"),
        (FormField("Bad Name", "X", maps_to="email", type="email"), "fields[0].name"),
        (FormField("form_stamp", "X", maps_to="email", type="email"), "fields[0].name"),
        (FormField("x", "X", maps_to="email"), "fields[0].type"),
        (FormField("x", "X", type="select", maps_to="company"), "fields[0].choices"),
        (FormField("x", "X", choices=("a",), maps_to="company"), "fields[0].choices"),
        (FormField("x", "X", max_length=0, maps_to="company"), "fields[0].max_length"),
        (FormField("x", "", maps_to="company"), "fields[0].label"),
        (FormField("x", "X"), "fields"),
    ],
)
def test_bad_fields_and_mappings_are_named(field, error):
    with pytest.raises(InvalidFields) as refused:
        check_spec(FormSpec(name="F", fields=(field,)))
    assert error in [e.field for e in refused.value.errors]


def test_a_good_spec_is_cleaned():
    spec = check_spec(
        FormSpec(
            name="  F ",
            fields=(FormField("x", "X", maps_to="company"),),
            allowed_origins=("https://A.example/", "https://a.example"),
        )
    )
    assert spec.name == "F" and spec.allowed_origins == ("https://a.example",)


@pytest.mark.parametrize(
    ("visit", "reason"),
    [
        (_visit(origin="https://b.example"), "origin"),
        (_visit(hits_from_ip=30), "rate_ip"),
        (_visit(hits_on_form=100), "rate_form"),
        (_visit(honeypot="x"), "honeypot"),
        (_visit(stamp_age=None), "stamp"),
        (_visit(stamp_age=1.0), "too_fast"),
        # Order: a bad origin is refused before the honeypot or the stamp is looked at.
        (_visit(origin="https://b.example", honeypot="x", stamp_age=None), "origin"),
        (_visit(hits_on_form=100, honeypot="x"), "rate_form"),
    ],
)
def test_spam_decisions(visit, reason):
    refusal = screen(_form(min_fill_seconds=3), visit, ip_limit_per_hour=30)
    assert refusal is not None and refusal.reason == reason
    assert refusal.stored is (reason not in ("rate_ip", "rate_form"))


def test_a_human_visit_without_origin_passes_and_inactive_forms_refuse():
    form = _form(min_fill_seconds=3)
    assert screen(form, _visit(origin=None), ip_limit_per_hour=30) is None
    assert screen(form, _visit(stamp_age=3.0), ip_limit_per_hour=30) is None
    form.become("inactive", now=NOW)
    refusal = screen(form, _visit(), ip_limit_per_hour=30)
    assert refusal is not None and refusal.reason == "form_inactive"


def test_values_are_checked_per_type_and_mapped():
    form = _form()
    values, errors = check_values(
        form, {"last": " Lovelace ", "mail": "ada@x.org", "street": "1 Road", "ok": "on"}
    )
    assert errors == []
    lead = lead_of(form, values)
    assert lead.fields == {"last_name": "Lovelace", "email": "ada@x.org"}
    assert lead.address == {"street": "1 Road"} and lead.extra == {"ok": "true"}
    _, errors = check_values(form, {"last": "", "mail": "x", "ok": "no", "note": "a\n" * 11})
    assert {(e.field, e.message) for e in errors} == {
        ("last", "is required"),
        ("mail", "is not an e-mail address"),
        ("ok", "is required"),
        ("note", "is at most 20 characters"),
    }


def test_line_breaks_only_in_textareas():
    _, errors = check_values(_form(), {"last": "A\r\nB", "ok": "1", "note": "a\nb"})
    assert [(e.field, e.message) for e in errors] == [("last", "contains control characters")]
