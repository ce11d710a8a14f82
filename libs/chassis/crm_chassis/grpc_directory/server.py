"""``crm-gateway-grpc-directory``: the process behind the gateway's reflection and health paths.

Settings (``CRM_GATEWAY_DIRECTORY_*``): ``BIND`` (listen address, default 127.0.0.1:9100),
``NAMESPACE`` (proto namespace package, ``crm``), ``CHECK_TIMEOUT`` / ``WATCH_RETRY``
(seconds), ``MAX_WORKERS`` (threads: each open Watch holds one), ``GRACE`` (seconds to
drain on SIGTERM), ``LOG_LEVEL``. Backend addresses: ``CRM_<SERVICE>_GRPC_URL``, the
variables gateway/dynamic/routes.yml routes gRPC with, with the same local defaults.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent import futures
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2_grpc
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from crm_chassis.grpc.reflection import add_reflection
from crm_chassis.grpc.server import SERVER_OPTIONS
from crm_chassis.grpc_directory.catalog import Catalog, load_catalog
from crm_chassis.grpc_directory.health import ForwardingHealth
from crm_chassis.logging import configure_logging, get_logger

log = get_logger("crm_chassis.grpc_directory")


def _local_ports() -> dict[str, int]:
    # The local defaults of gateway/dynamic/routes.yml (CRM_<SERVICE>_GRPC_URL unset).
    names = ("identity", "contacts", "sales", "billing", "support", "marketing")
    return {name: 9101 + i for i, name in enumerate(names)}


class DirectorySettings(BaseSettings):
    """The directory's own settings; the backends come from ``CRM_<SERVICE>_GRPC_URL``."""

    model_config = SettingsConfigDict(
        env_prefix="CRM_GATEWAY_DIRECTORY_", extra="ignore", frozen=True
    )

    bind: str = "127.0.0.1:9100"
    namespace: str = "crm"
    default_ports: dict[str, int] = Field(default_factory=_local_ports)
    check_timeout: float = 2.0
    watch_retry: float = 1.0
    max_workers: int = 32
    grace: float = 5.0
    log_level: str = "INFO"


def build_directory(
    settings: DirectorySettings, environ: Mapping[str, str] | None = None
) -> tuple[grpc.Server, ForwardingHealth, Catalog]:
    """An unstarted server answering reflection and health for every catalogued service."""
    catalog = load_catalog(settings.namespace, settings.default_ports, environ)
    channels = {b: grpc.insecure_channel(t) for b, t in catalog.targets.items()}
    server = grpc.server(
        futures.ThreadPoolExecutor(
            max_workers=settings.max_workers, thread_name_prefix="grpc-directory"
        ),
        # Every open Watch holds a thread: past the pool, refuse (RESOURCE_EXHAUSTED)
        # rather than queue calls that would wait for a stream to end.
        maximum_concurrent_rpcs=settings.max_workers,
        options=SERVER_OPTIONS,
    )
    forwarding = ForwardingHealth(
        catalog,
        channels,
        check_timeout=settings.check_timeout,
        watch_retry=settings.watch_retry,
    )
    health_pb2_grpc.add_HealthServicer_to_server(forwarding, server)
    add_reflection(server, (*catalog.service_names, health.SERVICE_NAME))
    return server, forwarding, catalog


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGTERM/SIGINT; then NOT_SERVING at once and drain for ``grace`` seconds."""
    parser = argparse.ArgumentParser(
        prog="crm-gateway-grpc-directory",
        description="gRPC reflection and health for every CRM service, behind the gateway.",
    )
    parser.add_argument("--bind", default=None, help="listen address (CRM_GATEWAY_DIRECTORY_BIND)")
    args = parser.parse_args(argv)
    settings = DirectorySettings()
    configure_logging("gateway", "grpc-directory", settings.log_level)
    server, forwarding, catalog = build_directory(settings, os.environ)
    bind = args.bind or settings.bind
    server.add_insecure_port(bind)
    stopping = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.info("grpc_directory.stopping", signal=signal.Signals(signum).name)
        forwarding.enter_graceful_shutdown()
        server.stop(settings.grace)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    server.start()
    log.info(
        "grpc_directory.started",
        bind=bind,
        services=list(catalog.service_names),
        backends=dict(catalog.targets),
    )
    server.wait_for_termination()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
