"""Monitoring: every service is scraped (web port and the grpc/worker ops port), and every
alert asks for series the chassis really exports."""

from __future__ import annotations

import re

from _manifests import SERVICES, base_docs, find, of_kind

from crm_chassis.ops.metrics import series

# Series made at scrape time rather than by series(): the worker's outbox gauges, support's.
SCRAPE_TIME = {
    "crm_outbox_backlog",
    "crm_outbox_oldest_age_seconds",
    "crm_support_sla_breached_open",
}


def _exported() -> set[str]:
    names = set(SCRAPE_TIME)
    for metric in vars(series()).values():
        base = metric._name
        names |= {base, f"{base}_total", f"{base}_bucket", f"{base}_sum", f"{base}_count"}
    return names


def test_every_service_is_scraped_on_its_web_and_ops_ports() -> None:
    docs = base_docs()
    for service in SERVICES:
        monitor = find(docs, "ServiceMonitor", service)["spec"]
        assert {e["port"] for e in monitor["endpoints"]} == {"http", "ops"}
        assert all(e["path"] == "/metrics" for e in monitor["endpoints"])
        wanted = monitor["selector"]["matchLabels"]
        scraped = {
            s["metadata"]["name"]
            for s in of_kind(docs, "Service")
            if wanted.items() <= s["metadata"]["labels"].items()
            and {p["name"] for p in s["spec"]["ports"]} & {"http", "ops"}
        }
        assert scraped == {f"{service}-web", f"{service}-grpc", f"{service}-worker"}


def test_alerts_use_exported_series() -> None:
    rules = find(base_docs(), "PrometheusRule", "crm-alerts")["spec"]["groups"][0]["rules"]
    names = {r["alert"] for r in rules}
    assert {"CrmOutboxGrowing", "CrmEventsParked", "CrmHttpErrorRate", "CrmHttpLatencyP99"} <= names
    assert "CrmSlaBreachBacklog" in names
    exported = _exported()
    for rule in rules:
        used = set(re.findall(r"\bcrm_[a-z_]+", rule["expr"])) - {"crm_service", "crm_role"}
        assert used and used <= exported, (rule["alert"], used - exported)
