"""The ops server of grpc and worker roles: /metrics, /livez, /readyz on CRM_OPS_PORT."""

from __future__ import annotations

import requests

from crm_chassis.ops.metrics import observe_grpc
from crm_chassis.ops.server import start_ops_server
from crm_chassis.testing.processes import free_port


def test_off_without_a_port(monkeypatch) -> None:
    monkeypatch.delenv("CRM_OPS_PORT", raising=False)
    assert start_ops_server(live=lambda: True, ready=lambda: True) is None


def test_probes_follow_their_checks_and_metrics_are_served(monkeypatch) -> None:
    ready = {"now": False}

    def broken() -> bool:
        raise RuntimeError("the check itself failed")

    monkeypatch.setenv("CRM_OPS_PORT", str(free_port()))
    server = start_ops_server(live=broken, ready=lambda: ready["now"], host="127.0.0.1")
    assert server is not None
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert requests.get(f"{base}/readyz", timeout=5).status_code == 503
        ready["now"] = True
        assert requests.get(f"{base}/readyz", timeout=5).status_code == 200
        assert requests.get(f"{base}/livez", timeout=5).status_code == 503
        observe_grpc("/crm.test.v1.Svc/Get", "NOT_FOUND", 0.01)
        text = requests.get(f"{base}/metrics", timeout=5).text
        assert (
            'crm_grpc_server_handled_total{code="NOT_FOUND",method="/crm.test.v1.Svc/Get"}' in text
        )
        assert requests.get(f"{base}/other", timeout=5).status_code == 404
    finally:
        server.shutdown()
