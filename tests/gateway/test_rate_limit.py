"""The rate limit, in a gateway instance of its own with a low limit."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import grpc
import pytest
import requests

from crm_suite_testing.gateway import TraefikProcess

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def gateway(gateway_factory: Callable[..., TraefikProcess]) -> TraefikProcess:
    return gateway_factory(
        CRM_GATEWAY_RATE_AVERAGE="5", CRM_GATEWAY_RATE_BURST="5", CRM_GATEWAY_RATE_PERIOD="1s"
    )


def _until_limited(url: str, limit: int = 200) -> requests.Response:
    with requests.Session() as session:
        for _ in range(limit):
            resp = session.get(url, timeout=10)
            if resp.status_code == 429:
                return resp
            assert resp.status_code == 200, resp.text
    raise AssertionError(f"no 429 after {limit} requests")


def test_exceeding_the_rate_limit_gets_429_problem_with_retry_after(
    gateway: TraefikProcess,
) -> None:
    resp = _until_limited(f"{gateway.web_url}/api/contacts/v1/accounts")
    assert resp.headers["Content-Type"] == "application/problem+json"
    body = resp.json()
    assert body["status"] == 429
    assert body["type"] == "https://crm.example/problems/rate-limited"
    assert int(resp.headers["Retry-After"]) >= 1


def test_grpc_routes_are_not_rate_limited(gateway: TraefikProcess) -> None:
    _until_limited(f"{gateway.web_url}/api/contacts/v1/accounts")
    with grpc.insecure_channel(f"127.0.0.1:{gateway.web_port}") as channel:
        call = channel.unary_unary("/crm.contacts.v1.ContactsService/GetAccount")
        answers = [call(b"a", timeout=10) for _ in range(20)]
    assert all(json.loads(a)["request"] == "a" for a in answers)


def test_the_limit_recovers_after_retry_after(gateway: TraefikProcess) -> None:
    url = f"{gateway.web_url}/api/contacts/v1/accounts"
    limited = _until_limited(url)
    deadline = time.monotonic() + int(limited.headers["Retry-After"]) + 5
    while time.monotonic() < deadline:
        if requests.get(url, timeout=10).status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError("still limited well after Retry-After")
