"""``crmctl demo load`` against the whole suite: every service gets data through its API,
coherent (statuses and stages spread as the README says), and a second run adds nothing.

Runs crmctl as a real process with the suite's environment, as ``CRM_DEMO=1 make up`` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import Suite, password_headers, running_suite

ROOT = Path(__file__).resolve().parents[2]
EMAIL, PASSWORD = "demo-admin@e2e.test", "demo-admin-password-1"
SERVICES = ["identity", "contacts", "sales", "billing", "support", "marketing"]
#: What is counted per service: (service, list path).
LISTS = (
    ("contacts", "accounts"),
    ("contacts", "contacts"),
    ("sales", "leads"),
    ("sales", "opportunities"),
    ("sales", "products"),
    ("sales", "quotes"),
    ("sales", "sales-orders"),
    ("billing", "invoices"),
    ("billing", "payments"),
    ("support", "tickets"),
    ("marketing", "campaigns"),
    ("marketing", "mailing-lists"),
    ("marketing", "mailings"),
)


@pytest.fixture(scope="module")
def demo_suite(
    tmp_path_factory: pytest.TempPathFactory, marketing_outbox: tuple[Any, Path]
) -> Iterator[Suite]:
    with running_suite(
        ROOT,
        SERVICES,
        tmp_path_factory.mktemp("demo-suite"),
        admin_email=EMAIL,
        admin_password=PASSWORD,
        env={
            "MARKETING_SMTP_PORT": str(marketing_outbox[0].port),
            "MARKETING_MAILING_SEND_SECONDS": "0.3",
        },
        vhost_prefix="crm-e2e-demo",
    ) as running:
        yield running


def _crmctl(suite: Suite, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **suite.env,
        "CRM_GATEWAY_URL": suite.gateway_url,
        "CRM_ADMIN_EMAIL": EMAIL,
        "CRM_ADMIN_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [str(Path(sys.executable).parent / "crmctl"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )


def _all(gw: str, headers: dict[str, str], service: str, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 500}
    while True:
        resp = requests.get(
            f"{gw}/api/{service}/v1/{path}", params=params, headers=headers, timeout=15
        )
        assert resp.status_code == 200, resp.text
        page = resp.json()
        items += page["items"]
        if not page.get("next_cursor"):
            return items
        params["cursor"] = page["next_cursor"]


def _counts(gw: str, headers: dict[str, str]) -> dict[str, int]:
    return {f"{s}/{p}": len(_all(gw, headers, s, p)) for s, p in LISTS}


def test_demo_load_fills_every_service_once(
    demo_suite: Suite, marketing_outbox: tuple[Any, Path], eventually: Any
) -> None:
    first = _crmctl(demo_suite, "--json", "demo", "load")
    assert first.returncode == 0, first.stderr[-3000:]
    report = json.loads(first.stdout)
    print(f"demo load: first run {report['seconds']} s")  # the figure in the report
    gw = demo_suite.gateway_url
    admin = password_headers(gw, EMAIL, PASSWORD)
    before = _counts(gw, admin)
    assert all(before.values()), before

    again = _crmctl(demo_suite, "--json", "demo", "load")
    assert again.returncode == 0, again.stderr[-3000:]
    second = json.loads(again.stdout)
    print(f"demo load: second run {second['seconds']} s")
    assert second["created"] == {}
    assert _counts(gw, admin) == before

    _the_data_is_coherent(gw, admin)
    _the_portal_customer_sees_its_account(gw)
    _status_sees_every_role_and_store(demo_suite)
    sent = eventually(lambda: list(marketing_outbox[1].glob("*.eml")), timeout=60)
    assert len(sent) >= 5


def _the_data_is_coherent(gw: str, admin: dict[str, str]) -> None:
    leads = Counter(x["lead_status"] for x in _all(gw, admin, "sales", "leads"))
    assert len(leads) == 11, leads  # every lead status
    converted = [x for x in _all(gw, admin, "sales", "leads") if x.get("converted")]
    assert len(converted) == 2
    stages = {x["sales_stage"] for x in _all(gw, admin, "sales", "opportunities")}
    assert {"Prospecting", "Negotiation/Review", "Closed Won", "Closed Lost"} <= stages
    assert any(q["quote_version"] == 2 for q in _all(gw, admin, "sales", "quotes"))
    invoices = {x["status"] for x in _all(gw, admin, "billing", "invoices")}
    assert {"Paid", "Partially Paid", "Overdue"} <= invoices, invoices
    accounts = _all(gw, admin, "contacts", "accounts")
    assert sum(1 for a in accounts if a.get("parent_id")) == 2
    tickets = _all(gw, admin, "support", "tickets")
    assert {t["status"] for t in tickets} == {"Open", "In Progress", "Wait For Response", "Closed"}
    assert any(t["sla"]["targets"] for t in tickets)  # Urgent, High and Normal have SLAs
    members = requests.get(f"{gw}/api/marketing/v1/campaigns", headers=admin, timeout=15).json()[
        "items"
    ]
    assert {c["status"] for c in members} == {"Active", "Completed", "Planning"}


def _the_portal_customer_sees_its_account(gw: str) -> None:
    """The demo portal user belongs to a real account: its ticket and overdue invoice."""
    customer = password_headers(gw, "customer@client.demo", "Demo-password-2026")
    tickets = _all(gw, customer, "support", "tickets")
    assert [t["title"] for t in tickets] == ["Invoice PDF shows the old address"]  # Globex's
    invoices = _all(gw, customer, "support", "portal/invoices")
    assert "Overdue" in {i["status"] for i in invoices}, invoices


def _status_sees_every_role_and_store(suite: Suite) -> None:
    result = _crmctl(suite, "status", "--json")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    docs = {d["service"]: d for d in json.loads(result.stdout)}
    assert set(docs) == set(SERVICES)
    for doc in docs.values():
        assert (doc["web"], doc["grpc"]) == ("ready", "serving"), doc
        assert isinstance(doc["outbox_backlog"], int) and isinstance(doc["parked"], int), doc
    migrated = _crmctl(suite, "--json", "migrate", "contacts")  # at head already: a no-op
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert json.loads(migrated.stdout) == {"migrated": ["contacts"]}
