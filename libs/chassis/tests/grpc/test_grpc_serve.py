"""serve() in its own process: it starts, answers health, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from crm_chassis.testing.processes import free_port

SCRIPT = """
import os
from crm_chassis.config import ServiceSettings
from crm_chassis.grpc import serve
from crm_chassis.logging import configure_logging

configure_logging("probe", "grpc")
settings = ServiceSettings(grpc_host="127.0.0.1", grpc_port=int(os.environ["PROBE_PORT"]))
serve(settings, lambda server: [], None, grace=2.0)
"""


def _wait_serving(target: str, deadline: float) -> None:
    with grpc.insecure_channel(target) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        while True:
            try:
                answer = stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                assert answer.status == health_pb2.HealthCheckResponse.SERVING
                return
            except grpc.RpcError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def test_serve_stops_gracefully_on_sigterm() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        env={**os.environ, "PROBE_PORT": str(port)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_serving(f"127.0.0.1:{port}", time.monotonic() + 20)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    for event in ("grpc.started", "grpc.stopping", "grpc.stopped"):
        assert f'"event": "{event}"' in stderr, stderr
