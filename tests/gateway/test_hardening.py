"""Every gateway refusal is problem+json, and the rate limits protect (issue 12, cases 4 and
6): long URLs (414), large headers (431), encoded ``? # % / \\`` NUL ``;`` in a path (400),
per-client buckets with a true Retry-After, a stricter token endpoint, and identity's own
429 with its Retry-After passing through untouched."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
import requests

from crm_suite_testing.gateway import TraefikProcess

pytestmark = pytest.mark.timeout(120)
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def gateway(gateway_factory: Callable[..., TraefikProcess]) -> TraefikProcess:
    return gateway_factory(
        CRM_GATEWAY_RATE_AVERAGE="5",
        CRM_GATEWAY_RATE_BURST="5",
        CRM_GATEWAY_RATE_SERVICE_AVERAGE="100",
        CRM_GATEWAY_RATE_SERVICE_BURST="100",
        CRM_GATEWAY_RATE_TOKEN_AVERAGE="3",
        CRM_GATEWAY_RATE_TOKEN_BURST="3",
        CRM_GATEWAY_RATE_TOKEN_PERIOD="1m",
        CRM_GATEWAY_TOKEN_RETRY_AFTER="20",
    )


def _problem(resp: requests.Response, status: int) -> dict:
    assert resp.status_code == status, (resp.status_code, resp.headers, resp.text[:300])
    assert resp.headers["Content-Type"] == PROBLEM
    body = resp.json()
    assert body["status"] == status and body["type"].startswith("https://crm.example/problems/")
    return body


def _token(payload: dict) -> str:
    def b64(doc: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(doc, separators=(",", ":")).encode()).decode()

    return f"{b64({'alg': 'RS256', 'kid': 'k'}).rstrip('=')}.{b64(payload).rstrip('=')}.sig"


def test_a_long_url_is_a_414_problem(gateway: TraefikProcess) -> None:
    resp = requests.get(f"{gateway.web_url}/api/contacts/v1/accounts?q={'a' * 9000}", timeout=10)
    _problem(resp, 414)


def test_a_large_header_is_a_431_problem(gateway: TraefikProcess) -> None:
    resp = requests.get(
        f"{gateway.web_url}/api/contacts/v1/accounts", headers={"X-Big": "a" * 9000}, timeout=10
    )
    _problem(resp, 431)


@pytest.mark.parametrize("encoded", ["%3F", "%23", "%25", "%2F", "%5C", "%00", "%3B"])
def test_encoded_special_characters_in_a_path_are_a_400_problem(
    gateway: TraefikProcess, encoded: str
) -> None:
    resp = requests.get(f"{gateway.web_url}/api/contacts/v1/accounts{encoded}x", timeout=10)
    _problem(resp, 400)


def _burst(url: str, headers: dict[str, str], n: int) -> list[requests.Response]:
    with requests.Session() as session:
        return [session.get(url, headers=headers, timeout=10) for _ in range(n)]


def test_each_client_has_its_own_bucket_and_a_true_retry_after(gateway: TraefikProcess) -> None:
    url = f"{gateway.web_url}/api/contacts/v1/accounts"
    alice = {"Authorization": f"Bearer {_token({'iss': 'crm-identity', 'sub': 'alice'})}"}
    bob = {"Authorization": f"Bearer {_token({'iss': 'crm-identity', 'sub': 'bob'})}"}
    answers = _burst(url, alice, 30)
    limited = [r for r in answers if r.status_code == 429]
    assert limited, "no 429 for a burst beyond the limit"
    _problem(limited[0], 429)
    assert int(limited[0].headers["Retry-After"]) >= 1
    # Bob, from the same address, is not limited by Alice's burst.
    assert all(r.status_code == 200 for r in _burst(url, bob, 5))


def test_service_account_tokens_get_the_higher_limit(gateway: TraefikProcess) -> None:
    url = f"{gateway.web_url}/api/sales/v1/products"
    service = {"Authorization": f"Bearer {_token({'typ': 'service', 'sub': 'svc-erp'})}"}
    user = {"Authorization": f"Bearer {_token({'iss': 'crm-identity', 'sub': 'carol'})}"}
    # The sales upstream is down (502 problem), which still proves the limiter let it pass.
    assert all(r.status_code == 502 for r in _burst(url, service, 40))
    assert any(r.status_code == 429 for r in _burst(url, user, 40))


def test_the_token_endpoint_is_stricter_and_says_when_to_retry(gateway: TraefikProcess) -> None:
    url = f"{gateway.web_url}/api/identity/v1/auth/token"
    with requests.Session() as session:
        answers = [session.post(url, data={"grant_type": "password"}, timeout=10) for _ in range(8)]
    assert answers[0].status_code == 200
    limited = [r for r in answers if r.status_code == 429]
    assert limited
    _problem(limited[0], 429)
    assert limited[0].headers["Retry-After"] == "20"


def test_identity_own_429_and_retry_after_pass_through(
    gateway_factory: Callable[..., TraefikProcess], echo_url: str
) -> None:
    fresh = gateway_factory()
    path = "/api/identity/v1/auth/token?status=429"
    direct = requests.post(echo_url + path, data={"grant_type": "password"}, timeout=10)
    via = requests.post(fresh.web_url + path, data={"grant_type": "password"}, timeout=10)
    assert via.status_code == 429
    assert via.headers["Retry-After"] == "7"
    assert via.headers["X-Upstream"] == "echo"
    assert via.content == direct.content
