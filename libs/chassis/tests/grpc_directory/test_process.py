"""The console script: serves on its bind address, forwards to CRM_<SVC>_GRPC_URL, stops on
SIGTERM with exit code 0."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import grpc
from _directory_helpers import CONTACTS, Backend
from grpc_health.v1 import health_pb2, health_pb2_grpc

from crm_chassis.testing.processes import ManagedProcess, free_port


def _wait_serving(stub: health_pb2_grpc.HealthStub, name: str, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=2).status
        except grpc.RpcError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_console_script_serves_and_stops_cleanly(backend: Backend, tmp_path: Path) -> None:
    script = shutil.which("crm-gateway-grpc-directory", path=str(Path(sys.executable).parent))
    assert script, "crm-gateway-grpc-directory is not installed (libs/chassis pyproject)"
    port = free_port()
    env = {
        **os.environ,
        "CRM_GATEWAY_DIRECTORY_BIND": f"127.0.0.1:{port}",
        "CRM_CONTACTS_GRPC_URL": f"h2c://127.0.0.1:{backend.port}",
    }
    proc = ManagedProcess([script], env=env, log_path=tmp_path / "directory.log", name="dir")
    proc.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            assert _wait_serving(stub, "") == health_pb2.HealthCheckResponse.SERVING
            assert _wait_serving(stub, CONTACTS) == health_pb2.HealthCheckResponse.SERVING
    finally:
        code = proc.stop(grace=10)
    assert code == 0, proc.tail(50)
    assert "grpc_directory.started" in (tmp_path / "directory.log").read_text()
