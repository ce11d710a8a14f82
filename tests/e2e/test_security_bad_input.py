"""Security suite, bad input through the gateway (issue 12, case 3): every class of odd
input is a 4xx problem+json (gRPC ``INVALID_ARGUMENT``) on every service, never a 5xx.

Run with the rest of the suite by ``make security`` (``-m security``); each case carries its
class, counted in the run's table."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import grpc
import pytest
import requests

from crm.billing.v1 import billing_pb2, billing_pb2_grpc
from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc
from crm.identity.v1 import identity_pb2, identity_pb2_grpc
from crm.sales.v1 import sales_pb2, sales_pb2_grpc
from crm_chassis.testing.inputs import FAR_DATES, deep_json, tampered_cursor

PROBLEM = "application/problem+json"
# One paged list per service, with a record creator so a second page (and a cursor) exists.
LISTS = {
    "identity": "/api/identity/v1/users",
    "contacts": "/api/contacts/v1/accounts",
    "sales": "/api/sales/v1/leads",
    "billing": "/api/billing/v1/vendors",
}
WRITES = {
    "identity": ("/api/identity/v1/groups", lambda n: {"name": n}),
    "contacts": ("/api/contacts/v1/accounts", lambda n: {"name": n}),
    "sales": ("/api/sales/v1/leads", lambda n: {"last_name": n, "company": n}),
    "billing": ("/api/billing/v1/vendors", lambda n: {"name": n}),
}
TOKEN = "/api/identity/v1/auth/token"
# Where a list's records come from when it is not the WRITES route (identity lists users).
PAGED_BY = {
    "identity": (
        "/api/identity/v1/users",
        lambda n: {
            "email": f"{n.replace(' ', '.').lower()}.{uuid.uuid4().hex[:6]}@e2e.test",
            "display_name": n,
            "password": "Cursor-horse-battery-9",
        },
    )
}


def _problem(resp: requests.Response, *statuses: int) -> dict[str, Any]:
    assert resp.status_code in statuses, (resp.status_code, resp.text[:300])
    assert resp.headers["Content-Type"].startswith(PROBLEM), resp.headers
    body = resp.json()
    assert body["status"] == resp.status_code
    return body


def _fields(problem: dict[str, Any]) -> set[str]:
    return {e["field"] for e in problem.get("errors", [])}


@pytest.fixture(scope="module")
def cursors(gw: str, admin: dict[str, str]) -> dict[str, str]:
    """A genuine next-page cursor of each service's list (two records made where needed)."""
    found = {}
    for service, path in LISTS.items():
        create, body = PAGED_BY.get(service, WRITES[service])
        for i in range(2):
            made = requests.post(gw + create, json=body(f"Cursor {service} {i}"), headers=admin)
            assert made.status_code in (201, 409), made.text
        page = requests.get(gw + path, params={"limit": 1}, headers=admin, timeout=10).json()
        assert page["next_cursor"], (service, page)
        found[service] = page["next_cursor"]
    return found


def _flip_signature(cursor: str) -> str:
    payload, _, signature = cursor.partition(".")
    return f"{payload}.{signature[::-1]}"


def _foreign(cursor: str) -> str:
    """A cursor made up by the client: well-formed, signed with nothing the service knows."""
    raw = base64.urlsafe_b64encode(json.dumps([1, "x", [1, {}]]).encode()).decode()
    return f"{raw.rstrip('=')}.{'A' * 43}"


@pytest.mark.security("cursors")
@pytest.mark.parametrize("edit", [tampered_cursor, _flip_signature, _foreign, lambda c: c[:-3]])
@pytest.mark.parametrize("service", list(LISTS))
def test_an_edited_cursor_is_400_naming_it(
    gw: str, admin: dict[str, str], cursors: dict[str, str], service: str, edit: Callable
) -> None:
    resp = requests.get(
        gw + LISTS[service],
        params={"limit": 1, "cursor": edit(cursors[service])},
        headers=admin,
        timeout=10,
    )
    assert "cursor" in _fields(_problem(resp, 400))


def _grpc_lists() -> list[tuple[str, Callable[[grpc.Channel, str], Any]]]:
    return [
        (
            "contacts",
            lambda ch, t: contacts_pb2_grpc.ContactsServiceStub(ch).ListAccounts(
                contacts_pb2.ListAccountsRequest(page_size=1, page_token=t), **_meta()
            ),
        ),
        (
            "identity",
            lambda ch, t: identity_pb2_grpc.IdentityServiceStub(ch).ListUsers(
                identity_pb2.ListUsersRequest(page_size=1, page_token=t), **_meta()
            ),
        ),
        (
            "sales",
            lambda ch, t: sales_pb2_grpc.SalesServiceStub(ch).ListQuotes(
                sales_pb2.ListQuotesRequest(page_size=1, page_token=t), **_meta()
            ),
        ),
        (
            "billing",
            lambda ch, t: billing_pb2_grpc.BillingServiceStub(ch).ListInvoices(
                billing_pb2.ListInvoicesRequest(page_size=1, page_token=t), **_meta()
            ),
        ),
    ]


_TOKEN_HOLDER: dict[str, str] = {}


def _meta() -> dict[str, Any]:
    return {"metadata": [("authorization", _TOKEN_HOLDER["auth"])], "timeout": 10}


@pytest.mark.security("cursors")
@pytest.mark.parametrize("page_token", ["not-a-token", _foreign(""), "a.b.c", "%00"])
@pytest.mark.parametrize(("service", "call"), _grpc_lists(), ids=[s for s, _ in _grpc_lists()])
def test_a_made_up_grpc_page_token_is_invalid_argument(
    gw: str, admin: dict[str, str], service: str, call: Callable, page_token: str
) -> None:
    _TOKEN_HOLDER["auth"] = admin["Authorization"]
    with grpc.insecure_channel(urlsplit(gw).netloc) as channel:
        with pytest.raises(grpc.RpcError) as err:
            call(channel, page_token)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, (service, err.value.details())


@pytest.mark.security("dates")
@pytest.mark.parametrize("value", [*FAR_DATES, "1899-12-31T00:00:00Z", "2201-01-01"])
@pytest.mark.parametrize("service", list(LISTS))
def test_a_far_date_filter_is_422_naming_it(
    gw: str, admin: dict[str, str], service: str, value: str
) -> None:
    resp = requests.get(
        gw + LISTS[service], params={"updated_since": value}, headers=admin, timeout=10
    )
    assert "updated_since" in _fields(_problem(resp, 422))


@pytest.mark.security("big-integers")
@pytest.mark.parametrize("value", [2**63, 2**64 + 1, -(2**70), 10**40])
@pytest.mark.parametrize("service", list(LISTS))
def test_an_integer_past_64_bits_in_a_query_is_422(
    gw: str, admin: dict[str, str], service: str, value: int
) -> None:
    resp = requests.get(gw + LISTS[service], params={"limit": value}, headers=admin, timeout=10)
    assert "limit" in _fields(_problem(resp, 422))


@pytest.mark.security("big-integers")
@pytest.mark.parametrize("value", [2**64, -(2**64), 10**40])
def test_an_integer_past_64_bits_in_a_body_is_422_naming_it(
    gw: str, admin: dict[str, str], value: int
) -> None:
    body = '{"name": "Big deal", "sales_stage": "Prospecting", "probability": ' + f"{value}}}"
    resp = requests.post(
        gw + "/api/sales/v1/opportunities",
        data=body,
        headers={**admin, "Content-Type": "application/json"},
        timeout=10,
    )
    assert "probability" in _fields(_problem(resp, 422))


@pytest.mark.security("big-integers")
@pytest.mark.parametrize("value", [2**64, 10**40])
def test_an_integer_past_64_bits_in_a_named_filter_is_422(
    gw: str, admin: dict[str, str], value: int
) -> None:
    resp = requests.get(
        gw + "/api/billing/v1/invoices", params={"dunning_level": value}, headers=admin, timeout=10
    )
    assert "dunning_level" in _fields(_problem(resp, 422))


@pytest.mark.security("deep-json")
@pytest.mark.parametrize("depth", [65, 1000, 100_000])
@pytest.mark.parametrize("service", [*WRITES, "token"])
def test_deeply_nested_json_is_400_on_every_service(
    gw: str, admin: dict[str, str], service: str, depth: int
) -> None:
    path, headers = (TOKEN, {}) if service == "token" else (WRITES[service][0], admin)
    resp = requests.post(
        gw + path,
        data=deep_json(depth),
        headers={**headers, "Content-Type": "application/json"},
        timeout=30,
    )
    _problem(resp, 400, 413)


@pytest.mark.security("long-strings")
@pytest.mark.parametrize("length", [201, 10_000, 500_000])
@pytest.mark.parametrize("service", list(LISTS))
def test_an_over_long_search_is_422(
    gw: str, admin: dict[str, str], service: str, length: int
) -> None:
    resp = requests.get(gw + LISTS[service], params={"q": "a" * length}, headers=admin)
    _problem(resp, 414, 422)


@pytest.mark.security("long-strings")
@pytest.mark.parametrize("service", list(WRITES))
def test_an_over_long_name_is_refused_not_stored(
    gw: str, admin: dict[str, str], service: str
) -> None:
    path, body = WRITES[service]
    resp = requests.post(gw + path, json=body("n" * 600_000), headers=admin, timeout=30)
    _problem(resp, 413, 422)


@pytest.mark.security("long-strings")
@pytest.mark.parametrize("length", [1_001, 50_000])
def test_an_over_long_grpc_search_is_invalid_argument(
    gw: str, admin: dict[str, str], length: int
) -> None:
    with grpc.insecure_channel(urlsplit(gw).netloc) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        with pytest.raises(grpc.RpcError) as err:
            stub.SearchAccounts(
                contacts_pb2.SearchAccountsRequest(query="a" * length),
                metadata=[("authorization", admin["Authorization"])],
                timeout=10,
            )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.security("control-characters")
@pytest.mark.parametrize("text", ["a\x00b", "red\x1b[31m", "bell\x07", "del\x7f", "c1\x85x"])
@pytest.mark.parametrize("service", list(WRITES))
def test_control_characters_in_a_body_are_422_and_nothing_is_stored(
    gw: str, admin: dict[str, str], service: str, text: str
) -> None:
    path, body = WRITES[service]
    _problem(requests.post(gw + path, json=body(text), headers=admin, timeout=10), 422)


@pytest.mark.security("control-characters")
@pytest.mark.parametrize("text", ["a\x00b", "esc\x1b", "del\x7f"])
@pytest.mark.parametrize("service", list(LISTS))
def test_control_characters_in_a_query_are_422(
    gw: str, admin: dict[str, str], service: str, text: str
) -> None:
    resp = requests.get(gw + LISTS[service], params={"q": text}, headers=admin, timeout=10)
    assert "q" in _fields(_problem(resp, 422))


@pytest.mark.security("encoded-paths")
@pytest.mark.parametrize("encoded", ["%3F", "%23", "%25", "%2F", "%5C", "%00", "%3B", "%2e%2e%2F"])
@pytest.mark.parametrize("service", list(LISTS))
def test_encoded_characters_in_a_path_are_a_400_problem(
    gw: str, admin: dict[str, str], service: str, encoded: str
) -> None:
    # Sent as raw bytes: requests would otherwise re-encode or normalise the path.
    url = f"{gw}{LISTS[service]}/abc{encoded}def"
    with requests.Session() as session:
        prepared = session.prepare_request(requests.Request("GET", url, headers=admin))
        prepared.url = url
        resp = session.send(prepared, timeout=10)
    _problem(resp, 400)


@pytest.mark.security("long-urls-and-headers")
@pytest.mark.parametrize("service", list(LISTS))
def test_a_long_url_is_a_414_problem(gw: str, admin: dict[str, str], service: str) -> None:
    resp = requests.get(f"{gw}{LISTS[service]}?x={'a' * 70_000}", headers=admin, timeout=10)
    _problem(resp, 414)


@pytest.mark.security("long-urls-and-headers")
@pytest.mark.parametrize("header", ["X-Padding", "Authorization", "Cookie"])
@pytest.mark.parametrize("service", list(LISTS))
def test_a_large_header_is_a_431_problem(
    gw: str, admin: dict[str, str], service: str, header: str
) -> None:
    resp = requests.get(gw + LISTS[service], headers={header: "b" * 70_000}, timeout=10)
    _problem(resp, 431)


@pytest.mark.security("refused-bodies")
@pytest.mark.parametrize("size", [70_000, 200_000, 1_500_000])
@pytest.mark.parametrize("service", list(WRITES))
def test_a_refused_large_body_leaves_the_next_request_unharmed(gw: str, service: str, size: int):
    """Found by schemathesis: a 401 to a body over 64 KiB left it unread, gunicorn dropped the
    keep-alive connection, and the gateway's next request on it answered 502."""
    path, _ = WRITES[service]
    big = '{"name": "' + "x" * size + '"}'
    json_body = {"Content-Type": "application/json"}
    with requests.Session() as session:
        for _ in range(3):
            refused = session.post(gw + path, data=big, headers=json_body, timeout=30)
            assert refused.status_code in (401, 413), refused.text[:200]
            after = session.post(gw + path, json={"name": "x"}, timeout=10)
            assert after.status_code == 401, (after.status_code, after.text[:200])
