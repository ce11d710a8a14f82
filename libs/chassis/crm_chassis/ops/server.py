"""The ops HTTP server of grpc and worker roles: ``/metrics``, ``/livez``, ``/readyz``.

A daemon thread on ``CRM_OPS_HOST:CRM_OPS_PORT`` (host 0.0.0.0 by default, for probes in a
pod); off when ``CRM_OPS_PORT`` is unset or 0. Web roles serve ``/metrics`` on their own
port instead. Probes answer 200 or 503 with a one-word body.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.ops")

Check = Callable[[], bool]


def ops_port() -> int:
    """The configured ops port (0: off)."""
    raw = os.environ.get("CRM_OPS_PORT", "").strip()
    return int(raw) if raw else 0


def _handler(live: Check, ready: Check) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                from crm_chassis.ops.metrics import render

                body, content_type = render()
                self._answer(200, body, content_type)
            elif path in ("/livez", "/readyz"):
                ok = _safe(live if path == "/livez" else ready)
                self._answer(200 if ok else 503, b"ok\n" if ok else b"unavailable\n")
            else:
                self._answer(404, b"not found\n")

        def _answer(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            # Probes and scrapes every few seconds would fill the logs.
            return

    return Handler


def _safe(check: Check) -> bool:
    try:
        return bool(check())
    except Exception:  # a failing check means not ready, never a 500
        log.warning("ops.check_failed", exc_info=True)
        return False


def start_ops_server(
    live: Check, ready: Check, port: int | None = None, host: str | None = None
) -> ThreadingHTTPServer | None:
    """Serve the ops endpoints in a daemon thread; None when the port is 0 (off)."""
    port = ops_port() if port is None else port
    if not port:
        return None
    host = host or os.environ.get("CRM_OPS_HOST", "0.0.0.0")  # probes reach it in a pod
    server = ThreadingHTTPServer((host, port), _handler(live, ready))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="ops-http", daemon=True).start()
    log.info("ops.started", host=host, port=server.server_address[1])
    return server
