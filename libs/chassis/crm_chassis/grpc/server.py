"""Build and run a service's gRPC server: interceptors, health, reflection, graceful stop.

Build the server in the process that serves it (after any fork); the ``grpc`` role runs
in its own process.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable
from concurrent import futures
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from crm_chassis import pagination
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.config import ServiceSettings
from crm_chassis.grpc.interceptors import server_interceptors
from crm_chassis.grpc.reflection import add_reflection
from crm_chassis.logging import get_logger
from crm_chassis.ops.server import start_ops_server

Register = Callable[[grpc.Server], list[str]]

DEFAULT_GRACE_SECONDS = 10.0
SERVER_OPTIONS = [
    # grpc sets SO_REUSEPORT by default: a second server on a taken port would start and
    # silently share it. Fail instead.
    ("grpc.so_reuseport", 0),
]

log = get_logger("crm_chassis.grpc")


def _build(
    settings: ServiceSettings,
    register: Register,
    verifier: TokenVerifier | None,
    public_methods: Iterable[str],
    tracer_provider: Any,
) -> tuple[grpc.Server, health.HealthServicer, list[str]]:
    pagination.use_cursor_secret(settings.cursor_key())
    server = grpc.server(
        futures.ThreadPoolExecutor(
            max_workers=settings.grpc_max_workers, thread_name_prefix="grpc"
        ),
        interceptors=server_interceptors(verifier, public_methods, tracer_provider=tracer_provider),
        options=SERVER_OPTIONS,
    )
    services = list(register(server))
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", *services):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    add_reflection(server, (*services, health.SERVICE_NAME))  # v1 and v1alpha
    if verifier is None:
        log.warning("grpc.no_token_verifier", detail="every non-public method is refused")
    return server, health_servicer, services


def build_server(
    settings: ServiceSettings,
    register: Register,
    verifier: TokenVerifier | None,
    public_methods: Iterable[str] = frozenset(),
    *,
    tracer_provider: Any = None,
) -> grpc.Server:
    """Return an unstarted server with the chassis interceptors, health and reflection.

    ``register`` adds the service's servicers and returns their full service names
    (``["crm.contacts.v1.ContactsService"]``); each is reported SERVING by health.
    ``public_methods`` are full method paths (``/pkg.Service/Method``) that need no token.
    """
    server, _, _ = _build(settings, register, verifier, public_methods, tracer_provider)
    return server


def serve(
    settings: ServiceSettings,
    register: Register,
    verifier: TokenVerifier | None,
    public_methods: Iterable[str] = frozenset(),
    *,
    grace: float = DEFAULT_GRACE_SECONDS,
) -> None:
    """Serve on grpc_host:grpc_port until SIGTERM or SIGINT, then drain for ``grace`` seconds."""
    server, health_servicer, services = _build(settings, register, verifier, public_methods, None)
    address = f"{settings.grpc_host}:{settings.grpc_port}"
    port = server.add_insecure_port(address)
    stopping = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.info("grpc.stopping", signal=signal.Signals(signum).name, grace_s=grace)
        # Probes see NOT_SERVING at once, so no new traffic is routed here while
        # in-flight calls finish; stop() returns immediately and drains in the background.
        health_servicer.enter_graceful_shutdown()
        server.stop(grace)

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, stop)
    server.start()
    # Ready from here until SIGTERM (then draining); off unless CRM_OPS_PORT is set.
    start_ops_server(live=lambda: True, ready=lambda: not stopping.is_set())
    log.info(
        "grpc.started",
        host=settings.grpc_host,
        port=port,
        services=services,
        max_workers=settings.grpc_max_workers,
    )
    server.wait_for_termination()
    log.info("grpc.stopped")
