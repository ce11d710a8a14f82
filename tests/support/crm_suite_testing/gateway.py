"""The real Traefik gateway for tests and benchmarks, with this repository's configuration.

``start_traefik`` renders gateway/traefik.yml with the ports and paths of this run (through
``crm_gateway.traefik``, the launcher ``make up`` uses) and starts the real binary as a
managed process group; upstream addresses and limits reach the dynamic configuration
(gateway/dynamic, Go templates) through the environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crm_chassis.testing.processes import ManagedProcess
from crm_gateway.traefik import (
    DEFAULT_PING_PORT,
    DEFAULT_WEB_PORT,
    find_traefik,
    gateway_dir,
    otlp_traces_endpoint,
    render_static,
)

__all__ = ["TraefikProcess", "find_traefik", "gateway_dir", "start_traefik"]


class TraefikProcess(ManagedProcess):
    """A running Traefik with the URLs of its entry points."""

    web_port: int
    ping_port: int
    host: str
    access_log: Path | None
    static_config: Path

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def ping_url(self) -> str:
        return f"http://{self.host}:{self.ping_port}/ping"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.host}:{self.ping_port}/metrics"

    def access_log_entries(self) -> list[dict[str, Any]]:
        """Parse the JSON access log written so far (requires ``access_log``)."""
        if self.access_log is None or not self.access_log.exists():
            return []
        entries = []
        for line in self.access_log.read_text().splitlines():
            with contextlib.suppress(ValueError):
                entries.append(json.loads(line))
        return entries


def _setting(name: str, explicit: Any, env: Mapping[str, str], default: Any) -> Any:
    if explicit is not None:
        return explicit
    if env.get(name):
        return env[name]
    return os.environ.get(name) or default


def start_traefik(
    env: Mapping[str, str] | None = None,
    *,
    web_port: int | None = None,
    ping_port: int | None = None,
    host: str = "127.0.0.1",
    bind_host: str | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    access_log: str | os.PathLike[str] | None = None,
    log_level: str | None = None,
    dynamic_dir: str | os.PathLike[str] | None = None,
    timeout: float = 30.0,
) -> TraefikProcess:
    """Launch the real traefik with gateway/traefik.yml and gateway/dynamic; wait until ready.

    ``env`` is added to this process's environment and read by the dynamic configuration
    (CRM_<SERVICE>_WEB_URL, CRM_<SERVICE>_GRPC_URL, CRM_GATEWAY_ERRORS_URL,
    CRM_GATEWAY_RATE_AVERAGE, ...; see gateway/README.md). Ports: the arguments, else
    CRM_GATEWAY_PORT / CRM_GATEWAY_PING_PORT from ``env`` or the environment, else 8080/8081.
    ``bind_host`` defaults to ``host`` (tests bind loopback; pass "" for all interfaces).
    ``access_log``: a file for the JSON access log (default: CRM_GATEWAY_ACCESS_LOG, else the
    process log, i.e. stdout). Ready means ``/ping`` on the internal entry point answers 200,
    which it does only once the dynamic configuration is loaded (ping.manualRouting).
    """
    merged = dict(env or {})
    web_port = int(_setting("CRM_GATEWAY_PORT", web_port, merged, DEFAULT_WEB_PORT))
    ping_port = int(_setting("CRM_GATEWAY_PING_PORT", ping_port, merged, DEFAULT_PING_PORT))
    access = _setting("CRM_GATEWAY_ACCESS_LOG", access_log, merged, None)
    level = _setting("CRM_GATEWAY_LOG_LEVEL", log_level, merged, None)
    # The dynamic configuration reaches the internal entry point (the token endpoint's rate
    # limit, a forwardAuth to it) by this port.
    merged["CRM_GATEWAY_PING_PORT"] = str(ping_port)
    bind = host if bind_host is None else bind_host
    wdir = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="crm-traefik-"))
    static = render_static(
        wdir / "traefik.static.yml",
        web_address=f"{bind}:{web_port}",
        ping_address=f"{bind}:{ping_port}",
        dynamic_dir=dynamic_dir,
        access_log=str(access) if access else None,
        log_level=level,
        otlp_endpoint=otlp_traces_endpoint(merged),
    )
    proc = TraefikProcess(
        [find_traefik(), f"--configFile={static}"],
        env=merged,
        cwd=str(gateway_dir().parent),
        log_path=wdir / "traefik.log",
        name="traefik",
    )
    proc.web_port, proc.ping_port, proc.host = web_port, ping_port, host
    proc.access_log = Path(access) if access else None
    proc.static_config = static
    proc.start()
    try:
        proc.wait_http(proc.ping_url, timeout=timeout)
    except BaseException:
        proc.stop()
        raise
    return proc
