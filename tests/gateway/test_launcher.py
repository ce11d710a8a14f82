"""The Procfile's gateway line: ``crm-gateway-traefik`` runs Traefik with the repository's
configuration on the ports and paths the environment names."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
import requests
import yaml

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_gateway.traefik import render_static
from crm_suite_testing.suite import read_procfile

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(60)


def test_the_procfile_starts_the_gateway_with_the_launcher(tmp_path: Path) -> None:
    command = shlex.split(read_procfile(ROOT / "Procfile")["gateway"])
    assert command == ["crm-gateway-traefik"]
    web, ping = free_port(), free_port()
    proc = ManagedProcess(
        [str(Path(sys.executable).parent / command[0])],
        env={
            "CRM_GATEWAY_PORT": str(web),
            "CRM_GATEWAY_PING_PORT": str(ping),
            "CRM_GATEWAY_BIND_HOST": "127.0.0.1",
            "CRM_GATEWAY_ACCESS_LOG": str(tmp_path / "access.log"),
        },
        log_path=tmp_path / "traefik.log",
        name="gateway",
    )
    with proc:
        proc.wait_http(f"http://127.0.0.1:{ping}/ping", timeout=30)
        # A route of the dynamic configuration answers (no upstream runs: 502 problem).
        resp = requests.get(f"http://127.0.0.1:{web}/api/contacts/v1/accounts", timeout=10)
        assert resp.status_code == 502
    assert (tmp_path / "access.log").read_text().strip()


def test_rendering_rewrites_only_this_runs_addresses_and_paths(tmp_path: Path) -> None:
    out = render_static(
        tmp_path / "static.yml",
        web_address="127.0.0.1:1",
        ping_address="127.0.0.1:2",
        access_log=str(tmp_path / "a.log"),
        log_level="DEBUG",
    )
    config = yaml.safe_load(out.read_text())
    source = yaml.safe_load((ROOT / "gateway" / "traefik.yml").read_text())
    assert config["entryPoints"]["web"]["address"] == "127.0.0.1:1"
    assert config["entryPoints"]["traefik"]["address"] == "127.0.0.1:2"
    assert config["providers"]["file"]["directory"] == str(ROOT / "gateway" / "dynamic")
    assert config["accessLog"]["filePath"] == str(tmp_path / "a.log")
    assert config["log"]["level"] == "DEBUG"
    assert config["entryPoints"]["web"]["http"] == source["entryPoints"]["web"]["http"]


def test_console_runs_get_readable_traefik_lines_and_the_access_log_in_a_file(
    tmp_path: Path,
) -> None:
    """make up on a terminal (CRM_LOG_FORMAT=console): Traefik's own lines are readable,
    its access log goes to the file, not among the processes' lines."""
    web, ping = free_port(), free_port()
    proc = ManagedProcess(
        [str(Path(sys.executable).parent / "crm-gateway-traefik")],
        env={
            "CRM_GATEWAY_PORT": str(web),
            "CRM_GATEWAY_PING_PORT": str(ping),
            "CRM_GATEWAY_BIND_HOST": "127.0.0.1",
            "CRM_GATEWAY_ACCESS_LOG": str(tmp_path / "access.log"),
            "CRM_LOG_FORMAT": "console",
        },
        log_path=tmp_path / "traefik.log",
        name="gateway",
    )
    with proc:
        proc.wait_http(f"http://127.0.0.1:{ping}/ping", timeout=30)
        requests.get(f"http://127.0.0.1:{web}/api/contacts/v1/accounts", timeout=10)
    lines = [line for line in (tmp_path / "traefik.log").read_text().splitlines() if line]
    assert lines and not [line for line in lines if line.lstrip().startswith("{")]
    assert "/api/contacts/v1/accounts" not in "\n".join(lines)
    assert "/api/contacts/v1/accounts" in (tmp_path / "access.log").read_text()


def test_rendering_sets_the_log_format(tmp_path: Path) -> None:
    out = render_static(
        tmp_path / "s.yml", web_address=":1", ping_address=":2", log_format="common"
    )
    assert yaml.safe_load(out.read_text())["log"]["format"] == "common"
    out = render_static(tmp_path / "t.yml", web_address=":1", ping_address=":2")
    assert yaml.safe_load(out.read_text())["log"]["format"] == "json"
