"""The front door, GET /: services with live health, documentation links, sign-in; HTML or
JSON. In process against tiny upstreams, then through the real Traefik."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_gateway import front, problems
from crm_suite_testing.gateway import TraefikProcess

pytestmark = pytest.mark.timeout(120)


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/api/contacts/v1/health/ready" else 503
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def upstreams(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """contacts ready, sales answering 503, billing down (nobody listens); no cache."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("CRM_GATEWAY_SERVICES", "contacts, sales,billing")
    monkeypatch.setenv("CRM_CONTACTS_WEB_URL", url)
    monkeypatch.setenv("CRM_SALES_WEB_URL", url + "/")
    monkeypatch.setenv("CRM_BILLING_WEB_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("CRM_GATEWAY_FRONT_TIMEOUT", "0.5")
    monkeypatch.setattr(front, "_cache", None)
    yield url
    server.shutdown()


def _call(method: str = "GET", accept: str = "", path: str = "/") -> tuple[str, dict, bytes]:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_ACCEPT": accept}
    body = b"".join(problems.app(environ, start_response))
    return captured["status"], captured["headers"], body


def test_json_lists_services_health_and_links(upstreams: str) -> None:
    status, headers, body = _call(accept="application/json")
    assert status == "200 OK" and headers["Content-Type"] == "application/json"
    doc = json.loads(body)
    by_name = {s["name"]: s for s in doc["services"]}
    assert list(by_name) == ["contacts", "sales", "billing"]
    assert (by_name["contacts"]["status"], by_name["contacts"]["http_status"]) == ("ready", 200)
    assert (by_name["sales"]["status"], by_name["sales"]["http_status"]) == ("not ready", 503)
    assert by_name["billing"]["status"] == "down"
    assert by_name["billing"]["detail"] == "not reachable"
    assert by_name["sales"]["docs"] == "/api/sales/v1/docs"
    assert by_name["sales"]["openapi"] == "/api/sales/v1/openapi.json"
    assert doc["sign_in"]["href"] == "/api/identity/v1/auth/token"
    assert doc["sign_in"]["method"] == "POST"


def test_html_for_browsers(upstreams: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = _call(accept=browser)
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode()
    assert '<a href="/api/billing/v1/docs">' in page
    assert '<td class="ready">ready</td>' in page
    assert '<td class="down">down (not reachable)</td>' in page
    assert "POST /api/identity/v1/auth/token" in page
    assert "<script" not in page


def test_head_and_other_methods(upstreams: str) -> None:
    status, headers, body = _call("HEAD")
    assert status == "200 OK" and body == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = _call("POST")
    assert status.startswith("405") and headers["Allow"] == "GET, HEAD"
    assert json.loads(body)["type"].endswith("/method-not-allowed")


def test_health_is_cached_for_a_moment(upstreams: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = front.overview()
    monkeypatch.setenv("CRM_CONTACTS_WEB_URL", f"http://127.0.0.1:{free_port()}")
    assert front.overview() == first  # within max_age: the same answer, no new probes
    assert front.overview(max_age=0)["services"][0]["status"] == "down"


@pytest.mark.parametrize(
    ("accept", "as_json"),
    [
        ("application/json", True),
        ("application/json, text/plain, */*", True),
        ("*/*", False),
        ("", False),
        ("text/html;q=0.9, application/json;q=0.5", False),
        ("application/json;q=0", False),
        ("text/html;q=0.2, application/json", True),
    ],
)
def test_content_negotiation(accept: str, as_json: bool) -> None:
    assert front.wants_json(accept) is as_json


@pytest.fixture(scope="module")
def front_gateway(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    gateway_factory: Callable[..., TraefikProcess],
    echo_url: str,
) -> TraefikProcess:
    """A problems app that sees contacts (the echo upstream answers 200) and nobody else."""
    gateway_dir = os.path.join(os.path.dirname(__file__), "..", "..", "gateway")
    port = free_port()
    env = {f"CRM_{n.upper()}_WEB_URL": f"http://127.0.0.1:{free_port()}" for n in front.services()}
    env.update(CRM_CONTACTS_WEB_URL=echo_url, PYTHONPATH=os.path.abspath(gateway_dir))
    proc = ManagedProcess(
        [sys.executable, "-m", "crm_gateway", "--bind", f"127.0.0.1:{port}"],
        env=env,
        log_path=tmp_path_factory.mktemp("front") / "problems.log",
        name="crm-gateway-errors-front",
    )
    request.addfinalizer(proc.stop)
    proc.start().wait_http(f"http://127.0.0.1:{port}/livez")
    return gateway_factory(CRM_GATEWAY_ERRORS_URL=f"http://127.0.0.1:{port}")


def test_front_page_through_traefik(front_gateway: TraefikProcess) -> None:
    doc = requests.get(
        front_gateway.web_url + "/", headers={"Accept": "application/json"}, timeout=10
    )
    assert doc.status_code == 200, doc.text
    status = {s["name"]: s["status"] for s in doc.json()["services"]}
    assert status["contacts"] == "ready" and status["sales"] == "down"
    page = requests.get(front_gateway.web_url, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "/api/contacts/v1/docs" in page.text
    # Other unknown paths are still the catch-all's 404 problem.
    assert requests.get(front_gateway.web_url + "/nope", timeout=10).status_code == 404
