"""Input limits (crm_chassis.limits): nesting depth, 64-bit integers, sane dates, control
characters, signed cursors and gRPC request strings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from grpc_health.v1 import health_pb2

from crm_chassis import limits, pagination
from crm_chassis.errors import BadRequest, InvalidFields
from crm_chassis.fields import Checker
from crm_chassis.pagination import Cursor, decode_cursor, encode_cursor


def test_json_depth_counts_nesting_without_recursion() -> None:
    assert limits.json_depth(b"{}") == 1
    assert limits.json_depth(b'{"a": [1, {"b": "[[[["}]}') == 3  # brackets in strings skipped
    assert limits.json_depth(b"[" * 100_000 + b"]" * 100_000) == 100_000
    with pytest.raises(BadRequest) as caught:
        limits.check_json_depth(b"[" * 65 + b"]" * 65)
    assert caught.value.errors[0].field == "body"
    limits.check_json_depth(b"[" * 64 + b"]" * 64)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"min_score": 2**64}, "min_score"),
        ({"lines": [{"quantity": -(2**63) - 1}]}, "lines[0].quantity"),
        ({"since": date(1, 1, 1)}, "since"),
        ({"until": datetime(9999, 12, 31, tzinfo=UTC)}, "until"),
        ({"name": "Acme\x00"}, "name"),
        ({"name": "Acme\x1b[31m"}, "name"),
    ],
)
def test_out_of_bounds_values_are_named_by_their_path(value: dict, field: str) -> None:
    with pytest.raises(InvalidFields) as caught:
        limits.check(value)
    assert [e.field for e in caught.value.errors] == [field]


def test_values_within_bounds_pass() -> None:
    limits.check(
        {
            "n": 2**63 - 1,
            "flag": True,
            "on": date(1900, 1, 1),
            "at": datetime(2200, 12, 31, tzinfo=UTC),
            "text": "line one\nline\ttwo\r\n",
        }
    )


def test_the_checker_refuses_huge_integers_and_far_dates() -> None:
    check = Checker()
    assert check.integer("n", 2**70) is None
    assert check.date("d", "0001-01-01") is None
    assert check.date("e", "2026-01-31") == date(2026, 1, 31)
    assert [e.field for e in check.errors] == ["n", "d"]


def test_grpc_request_strings_are_bounded() -> None:
    assert limits.message_problems(health_pb2.HealthCheckRequest(service="crm")) == []
    long = health_pb2.HealthCheckRequest(service="x" * (limits.MAX_GRPC_STRING + 1))
    assert [e.field for e in limits.message_problems(long)] == ["service"]
    nul = health_pb2.HealthCheckRequest(service="a\x00b")
    assert [e.field for e in limits.message_problems(nul)] == ["service"]


CURSOR = Cursor("name", False, "Acme", "2f1d7c1e-1b8e-4f0e-9a53-0c8f3cb5e0aa")


def test_a_cursor_round_trips() -> None:
    text = encode_cursor(CURSOR)
    assert decode_cursor(text, sort="name", descending=False) == CURSOR


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.split(".")[0],  # signature dropped
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature edited
        lambda t: pagination._b64(b'["name",false,{"t":"0001-01-01"},"x"]') + "." + t.split(".")[1],
        lambda t: (
            pagination._b64(b'["name",false,[1,2],"2f1d7c1e-1b8e-4f0e-9a53-0c8f3cb5e0aa"]')
            + "."
            + pagination._b64(b"0" * 16)
        ),
        lambda t: "!!!." + t.split(".")[1],
        lambda t: t + "A" * 3000,
    ],
)
def test_a_tampered_cursor_is_a_400_naming_cursor(tamper) -> None:
    text = tamper(encode_cursor(CURSOR))
    with pytest.raises(BadRequest) as caught:
        decode_cursor(text, sort="name", descending=False)
    assert caught.value.errors[0].field == "cursor"


def test_a_cursor_signed_with_another_secret_is_refused() -> None:
    text = encode_cursor(CURSOR)
    pagination.use_cursor_secret("another-secret")
    try:
        with pytest.raises(BadRequest):
            decode_cursor(text, sort="name", descending=False)
        assert decode_cursor(encode_cursor(CURSOR), sort="name", descending=False) == CURSOR
    finally:
        pagination.use_cursor_secret(pagination.secrets.token_bytes(32))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.50", "-12.50"),
        ("Acme", "Acme"),
        (5, 5),
    ],
)
def test_csv_cells_that_start_a_formula_are_neutralised(cell, written) -> None:
    from crm_chassis.csvsafe import neutralise, safe_dict, safe_row

    assert neutralise(cell) == written
    assert safe_row([cell]) == [written] and safe_dict({"c": cell}) == {"c": written}


def test_the_cursor_secret_is_shared_by_a_service_s_processes(tmp_path, monkeypatch) -> None:
    from crm_chassis.config import ServiceSettings

    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    explicit = ServiceSettings(service_name="notes", cursor_secret="s3cret")
    assert explicit.cursor_key() == b"s3cret"
    derived = ServiceSettings(service_name="notes", client_secret="client-secret")
    assert (
        derived.cursor_key()
        == ServiceSettings(service_name="notes", client_secret="client-secret").cursor_key()
        != b"client-secret"
    )
    local = ServiceSettings(service_name="notes")
    assert local.cursor_key() == ServiceSettings(service_name="notes").cursor_key()
    assert (tmp_path / "notes.cursor-secret").exists()
