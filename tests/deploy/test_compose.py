"""deploy/compose.yaml: the built images, PostgreSQL (a database per service) and RabbitMQ on
one host, migrations first. Checked offline, against the Compose Specification's JSON schema
kept in deploy/k8s/schemas/; `docker compose config` too when the plugin is installed (it is
not on the machine this was written on; no daemon is needed either way)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from _manifests import K8S, ROOT, SERVICES, console_scripts, image_versions

COMPOSE = ROOT / "deploy" / "compose.yaml"
THIRD_PARTY = {"postgres", "rabbitmq", "traefik"}


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def test_every_image_is_one_we_build_at_its_version_or_a_pinned_third_party_one() -> None:
    versions = image_versions()
    for name, svc in compose()["services"].items():
        repo, _, tag = svc["image"].partition(":")
        if repo in THIRD_PARTY:
            # PostgreSQL versions have two parts (16.4); the others three.
            assert re.fullmatch(r"v?\d+\.\d+(\.\d+)?(-[\w.-]+)?", tag), f"{name}: {svc['image']}"
            continue
        built = repo.removeprefix("crm-")
        assert (ROOT / "deploy" / "images" / built / "Dockerfile").is_file(), name
        assert tag == versions[built], f"{name}: {svc['image']} is not {built}'s version"


def test_each_role_runs_its_own_command_from_its_own_image() -> None:
    services = compose()["services"]
    gateway_scripts = {"crm-gateway-errors", "crm-gateway-grpc-directory"}
    for name, svc in services.items():
        if svc["image"].split(":")[0] in {f"crm-{s}" for s in SERVICES}:
            service = svc["image"].split(":")[0].removeprefix("crm-")
            assert name.startswith(f"{service}-")
            assert svc["command"] == [f"crm-{name}"]
            assert svc["command"][0] in console_scripts(service)
        elif svc["image"].startswith("crm-gateway:"):
            assert svc["command"][0] in gateway_scripts
    for service in SERVICES:
        for role in ("migrate", "web", "grpc", "worker"):
            assert f"{service}-{role}" in services


@pytest.mark.parametrize("service", SERVICES)
def test_roles_start_after_their_migration_which_starts_after_the_backing_services(
    service: str,
) -> None:
    services = compose()["services"]
    migrate = services[f"{service}-migrate"]
    assert migrate["restart"] == "no"
    for backing in ("postgres", "rabbitmq"):
        assert migrate["depends_on"][backing] == {"condition": "service_healthy"}
        assert "healthcheck" in services[backing]
    for role in ("web", "grpc", "worker"):
        deps = services[f"{service}-{role}"]["depends_on"]
        assert deps[f"{service}-migrate"] == {"condition": "service_completed_successfully"}


def test_one_database_per_service() -> None:
    data = compose()
    init = data["configs"]["postgres-init"]["content"]
    databases = set()
    for service in SERVICES:
        env = data["services"][f"{service}-web"]["environment"]
        url = urlsplit(env[f"{service.upper()}_DATABASE_URL"])
        assert url.hostname == "postgres"
        databases.add(url.path.lstrip("/"))
        assert f"CREATE DATABASE {url.path.lstrip('/')};" in init
    assert len(databases) == len(SERVICES)


def test_crm_containers_are_non_root_read_only_and_expose_ops() -> None:
    for name, svc in compose()["services"].items():
        if svc["image"].split(":")[0].removeprefix("crm-") not in [*SERVICES, "gateway"]:
            continue
        uid = svc["user"].split(":")[0]
        assert uid.isdigit() and uid != "0", name
        assert svc["read_only"] is True and "/tmp" in svc["tmpfs"], name
        assert svc["cap_drop"] == ["ALL"], name
        if name.endswith(("-grpc", "-worker")) and not name.startswith("gateway"):
            assert svc["environment"]["CRM_OPS_PORT"] == "9300", name


def spec_problems(data: dict[str, Any]) -> list[str]:
    schema = json.loads((K8S / "schemas" / "compose-spec.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"{e.message} at {list(e.absolute_path)}" for e in validator.iter_errors(data)]


def test_the_file_validates_against_the_compose_specification() -> None:
    assert spec_problems(compose()) == []
    bad = compose()
    bad["services"]["sales-web"]["depends_on"]["sales-migrate"]["condition"] = "done"
    bad["services"]["sales-web"]["readonly"] = True
    assert len(spec_problems(bad)) == 2


def test_docker_compose_accepts_the_file() -> None:
    docker = shutil.which("docker")
    if not docker:
        pytest.skip("no docker CLI: compose.yaml checked by the tests above only")
    probe = subprocess.run(
        [docker, "compose", "version"], capture_output=True, text=True, timeout=30, check=False
    )
    if probe.returncode != 0:
        pytest.skip("the docker CLI has no compose plugin here: checked by the tests above only")
    out = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
