"""Marketing's unauthenticated public writes (web-to-lead form submissions, unsubscribe
links) meet a stricter, configurable limit per IP than the rest of the API, with a 429
problem+json and a true Retry-After (issue 12, rate limits that protect)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
import requests

from crm_suite_testing.gateway import TraefikProcess

pytestmark = pytest.mark.timeout(120)
FORM = "/api/marketing/v1/forms/6f1c2d36-8f43-4c1e-9f5e-0d7a4c5a2b11/submissions"


@pytest.fixture(scope="module")
def gateway(gateway_factory: Callable[..., TraefikProcess], echo_url: str) -> TraefikProcess:
    return gateway_factory(
        CRM_MARKETING_WEB_URL=echo_url,
        CRM_GATEWAY_RATE_AVERAGE="100",
        CRM_GATEWAY_RATE_BURST="100",
        CRM_GATEWAY_RATE_FORM_AVERAGE="3",
        CRM_GATEWAY_RATE_FORM_BURST="3",
        CRM_GATEWAY_RATE_FORM_PERIOD="1m",
        CRM_GATEWAY_FORM_RETRY_AFTER="20",
    )


def _statuses(url: str, n: int, method: str = "POST", **kw: object) -> list[requests.Response]:
    with requests.Session() as session:
        return [session.request(method, url, json={}, timeout=10, **kw) for _ in range(n)]


def _assert_limited_after_burst(answers: list[requests.Response]) -> None:
    codes = [r.status_code for r in answers]
    assert codes[:3] == [200, 200, 200], codes
    assert set(codes[3:]) == {429}, codes
    limited = answers[-1]
    assert limited.headers["Content-Type"] == "application/problem+json"
    body = limited.json()
    assert body["status"] == 429 and body["type"] == "https://crm.example/problems/rate-limited"
    # One period over the average: the moment a request is certainly allowed again.
    assert limited.headers["Retry-After"] == "20"


def test_form_submissions_are_limited_per_ip_with_a_true_retry_after(
    gateway: TraefikProcess,
) -> None:
    _assert_limited_after_burst(_statuses(gateway.web_url + FORM, 6))


def test_a_bogus_token_buys_no_larger_bucket(gateway: TraefikProcess) -> None:
    """The limit is by IP for every caller: the bucket above is already spent."""
    payload = base64.urlsafe_b64encode(json.dumps({"sub": "x"}).encode()).decode().rstrip("=")
    headers = {"Authorization": f"Bearer eyJhbGciOiJub25lIn0.{payload}.x"}
    answers = _statuses(gateway.web_url + FORM, 2, headers=headers)
    assert [r.status_code for r in answers] == [429, 429]


def test_unsubscribe_links_are_limited_too(
    gateway_factory: Callable[..., TraefikProcess], echo_url: str
) -> None:
    fresh = gateway_factory(
        CRM_MARKETING_WEB_URL=echo_url,
        CRM_GATEWAY_RATE_FORM_AVERAGE="3",
        CRM_GATEWAY_RATE_FORM_BURST="3",
        CRM_GATEWAY_RATE_FORM_PERIOD="1m",
        CRM_GATEWAY_FORM_RETRY_AFTER="20",
    )
    _assert_limited_after_burst(
        _statuses(fresh.web_url + "/api/marketing/v1/unsubscribe?t=abc", 6, method="GET")
    )


def test_other_marketing_paths_keep_the_ordinary_limit(gateway: TraefikProcess) -> None:
    codes = {r.status_code for r in _statuses(gateway.web_url + "/api/marketing/v1/forms", 10)}
    assert codes == {200}
    reads = _statuses(gateway.web_url + FORM, 5, method="GET")
    assert {r.status_code for r in reads} == {200}
