"""Observability of the running suite: one trace across the gateway and services, and
every role's metrics after traffic.

A suite of its own (identity, contacts, sales): every process writes its spans as JSON
lines under CRM_TRACE_DIR, and Traefik exports its spans by OTLP/HTTP to a receiver in
this test. A lead converted through the gateway must give ONE trace id with the parents
client -> Traefik -> sales web -> sales relay publish -> contacts consumer.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from prometheus_client.parser import text_string_to_metric_families

from crm_chassis.testing.processes import free_port
from crm_suite_testing.suite import Suite, password_headers, running_suite

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "contacts", "sales"]
EMAIL, PASSWORD = "obs-admin@e2e.test", "obs-admin-password-1"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CLIENT_SPAN = "00f067aa0ba902b7"
CONVERTED = "sales.lead.converted.v1"


def _body(handler: BaseHTTPRequestHandler) -> bytes:
    """The request body, sized or chunked (Traefik's Go exporter may send it chunked)."""
    if "chunked" not in handler.headers.get("Transfer-Encoding", ""):
        return handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
    parts = []
    while size := int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16):
        parts.append(handler.rfile.read(size))
        handler.rfile.readline()
    handler.rfile.readline()
    return b"".join(parts)


class OtlpReceiver:
    """A minimal OTLP/HTTP traces endpoint: keeps every span it is sent as a dict."""

    def __init__(self) -> None:
        self.spans: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = _body(self)
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                request = ExportTraceServiceRequest.FromString(raw)
                for resource in request.resource_spans:
                    for scope in resource.scope_spans:
                        receiver.spans.extend(
                            {
                                "name": s.name,
                                "trace_id": s.trace_id.hex(),
                                "span_id": s.span_id.hex(),
                                "parent_id": s.parent_span_id.hex() or None,
                                "service": "traefik",
                            }
                            for s in scope.spans
                        )
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/traces"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def otlp() -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="module")
def obs_suite(tmp_path_factory: pytest.TempPathFactory, otlp: OtlpReceiver) -> Iterator[Suite]:
    work = tmp_path_factory.mktemp("obs-suite")
    with running_suite(
        ROOT,
        SERVICES,
        work,
        admin_email=EMAIL,
        admin_password=PASSWORD,
        env={"CRM_TRACE_DIR": str(work / "traces"), "CRM_GATEWAY_OTLP_ENDPOINT": otlp.url},
        vhost_prefix="crm-e2e-obs",
    ) as running:
        yield running


@pytest.fixture(scope="module")
def converted(obs_suite: Suite) -> dict[str, Any]:
    """Capture, qualify and convert a lead; the conversion carries the client's traceparent."""
    gw, admin = obs_suite.gateway_url, password_headers(obs_suite.gateway_url, EMAIL, PASSWORD)
    lead = requests.post(
        f"{gw}/api/sales/v1/leads",
        json={"first_name": "Ada", "last_name": "Trace", "company": "Trace Works Ltd"},
        headers=admin,
        timeout=15,
    )
    assert lead.status_code == 201, lead.text
    lead_id = lead.json()["id"]
    qualified = requests.post(
        f"{gw}/api/sales/v1/leads/{lead_id}/qualify",
        json={"interest_level": "High", "budget": "1000"},
        headers=admin,
        timeout=15,
    )
    assert qualified.status_code == 200, qualified.text
    conversion = requests.post(
        f"{gw}/api/sales/v1/leads/{lead_id}/convert",
        json={"opportunity": {"amount": "120.00", "currency": "EUR"}},
        headers={**admin, "traceparent": f"00-{TRACE_ID}-{CLIENT_SPAN}-01"},
        timeout=15,
    )
    assert conversion.status_code == 201, conversion.text
    return {"lead_id": lead_id, **conversion.json()}


def _file_spans(suite: Suite) -> list[dict[str, Any]]:
    spans = []
    for path in (suite.work_dir / "traces").glob("*.jsonl"):
        spans.extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return spans


def _eventually(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_a_conversion_is_one_trace_from_the_gateway_to_contacts_consumer(
    obs_suite: Suite, otlp: OtlpReceiver, converted: dict[str, Any]
) -> None:
    def consumed() -> dict[str, Any] | None:
        return next(
            (
                s
                for s in _file_spans(obs_suite)
                if s["name"] == f"{CONVERTED} process" and s["trace_id"] == TRACE_ID
            ),
            None,
        )

    consume = _eventually(consumed)
    assert consume is not None, "contacts' consumer span of the conversion never came"
    assert consume["service"] == "crm-contacts" and consume["role"] == "worker"
    # Traefik batches its exports (every few seconds).
    _eventually(lambda: [s for s in otlp.spans if s["trace_id"] == TRACE_ID])
    spans = [s for s in _file_spans(obs_suite) + otlp.spans if s["trace_id"] == TRACE_ID]
    by_id = {s["span_id"]: s for s in spans}

    publish = by_id[consume["parent_id"]]
    assert publish["name"] == f"{CONVERTED} publish"
    assert (publish["service"], publish["role"]) == ("crm-sales", "worker")
    chain = [publish]
    while chain[-1]["parent_id"] in by_id:
        chain.append(by_id[chain[-1]["parent_id"]])
    web = [s for s in chain if s.get("role") == "web"]
    assert web and all(s["service"] == "crm-sales" for s in web), chain
    server = web[-1]  # the web role's outermost span: the request
    assert server["kind"] == "SERVER" and "convert" in server["name"], server
    gateway = by_id.get(server["parent_id"])
    assert gateway is not None and gateway["service"] == "traefik", "sales web's parent"
    assert chain[-1]["service"] == "traefik" and chain[-1]["parent_id"] == CLIENT_SPAN


def test_logs_carry_the_trace_id(obs_suite: Suite, converted: dict[str, Any]) -> None:
    def lines(process: str) -> list[dict[str, Any]]:
        path = obs_suite.work_dir / "logs" / f"{process}.log"
        found = []
        for line in path.read_text(errors="replace").splitlines():
            if TRACE_ID in line and line.startswith("{"):
                found.append(json.loads(line))
        return found

    web = _eventually(lambda: lines("sales-web"))
    assert any(entry.get("event") == "http.request" for entry in web), web
    # One line per batch of deliveries (per-event lines are debug): it names its traces.
    handled = _eventually(
        lambda: [e for e in lines("contacts-worker") if e.get("event") == "consumer.batch_handled"]
    )
    assert handled and all(TRACE_ID in e["trace_ids"] for e in handled)


def _families(url: str) -> dict[str, Any]:
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200, (url, answer.status_code)
    return {f.name: f for f in text_string_to_metric_families(answer.text)}


def _total(families: dict[str, Any], name: str, **labels: str) -> float:
    family = families.get(name)
    assert family is not None, f"{name} missing"
    return sum(
        s.value
        for s in family.samples
        if s.name.endswith("_total") or s.name == name
        if all(s.labels.get(k) == v for k, v in labels.items())
    )


def test_every_role_serves_its_metrics_after_traffic(
    obs_suite: Suite, converted: dict[str, Any]
) -> None:
    for service in SERVICES:
        web = _families(f"{obs_suite.web_url(service)}/metrics")
        assert _total(web, "crm_http_requests") > 0, service
        assert "crm_http_request_duration_seconds" in web and "crm_db_pool_in_use" in web
        for role in ("grpc", "worker"):
            ops = obs_suite.ops_url(f"{service}-{role}")
            assert requests.get(f"{ops}/livez", timeout=5).status_code == 200
            assert _eventually(lambda o=ops: requests.get(f"{o}/readyz", timeout=5).ok), ops
    sales_web = _families(f"{obs_suite.web_url('sales')}/metrics")
    route = "/api/sales/v1/leads/<lead_id>/convert"
    assert _total(sales_web, "crm_http_requests", route=route, method="POST", status="201") == 1
    contacts_grpc = _families(f"{obs_suite.ops_url('contacts-grpc')}/metrics")
    assert _total(contacts_grpc, "crm_grpc_server_handled", code="OK") > 0
    sales_worker = _families(f"{obs_suite.ops_url('sales-worker')}/metrics")
    assert _total(sales_worker, "crm_outbox_published") > 0
    assert "crm_outbox_backlog" in sales_worker and "crm_outbox_oldest_age_seconds" in sales_worker
    contacts_worker = _families(f"{obs_suite.ops_url('contacts-worker')}/metrics")
    assert _total(contacts_worker, "crm_events_deliveries", queue="contacts.events") > 0


def test_metrics_are_not_reachable_through_the_gateway(obs_suite: Suite) -> None:
    answer = requests.get(f"{obs_suite.gateway_url}/metrics", timeout=10)
    assert answer.status_code == 404
    assert "crm_http_requests" not in answer.text
