"""The front door through the real gateway: GET / lists the running services as ready (and
the absent ones as down), and every service's documentation page loads with its assets."""

from __future__ import annotations

import re

import requests

from crm_suite_testing.suite import Suite


def test_front_page_shows_the_suite(suite: Suite, gw: str, eventually) -> None:
    def all_ready() -> dict | None:
        # The health answers are kept 2 s, and a loaded machine may miss the 1 s timeout.
        doc = requests.get(gw + "/", headers={"Accept": "application/json"}, timeout=30)
        assert doc.status_code == 200, doc.text
        status = {s["name"]: s["status"] for s in doc.json()["services"]}
        return doc if all(status[name] == "ready" for name in suite.services) else None

    doc = eventually(all_ready, timeout=30)
    status = {s["name"]: s["status"] for s in doc.json()["services"]}
    for absent in set(status) - set(suite.services):
        assert status[absent] == "down", status
    assert doc.json()["sign_in"]["href"] == "/api/identity/v1/auth/token"
    page = requests.get(gw + "/", timeout=30)
    assert page.headers["Content-Type"].startswith("text/html")
    for service in suite.services:
        assert f'href="/api/{service}/v1/docs"' in page.text


def test_documentation_pages_load_through_the_gateway(suite: Suite, gw: str) -> None:
    for service in suite.services:
        base = f"{gw}/api/{service}/v1/"
        page = requests.get(base + "docs", timeout=30)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        for source in re.findall(r'(?:src|href)="([^"]+)"', page.text):
            asset = requests.get(base + source, timeout=30)
            assert asset.status_code == 200, (service, source)
        document = requests.get(base + "openapi.json", timeout=30)
        assert document.status_code == 200 and document.json()["paths"]
