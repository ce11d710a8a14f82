"""Jobs, Deployments and Services per role, checked against console scripts and config."""

from __future__ import annotations

import re
from typing import Any

import pytest
from _manifests import (
    ROLES,
    ROOT,
    SERVICES,
    base_docs,
    console_scripts,
    find,
    of_kind,
    pod_spec,
    settings_defaults,
)

OPS_PORT = 9300  # CRM_OPS_PORT of grpc and worker roles (the contract of crm_chassis.ops)


@pytest.mark.parametrize("service", SERVICES)
def test_four_workloads_per_service_with_role_commands(service: str) -> None:
    docs = base_docs()
    job = find(docs, "Job", f"{service}-migrate")
    assert pod_spec(job)["containers"][0]["command"] == [f"crm-{service}-migrate"]
    assert pod_spec(job)["restartPolicy"] in {"OnFailure", "Never"}
    for role in ROLES:
        dep = find(docs, "Deployment", f"{service}-{role}")
        (container,) = pod_spec(dep)["containers"]
        assert container["command"] == [f"crm-{service}-{role}"]
        assert container["image"] == f"crm-{service}", "each service runs its own image"


@pytest.mark.parametrize("service", SERVICES)
def test_role_commands_exist_as_console_scripts(service: str) -> None:
    scripts = console_scripts(service)
    wanted = [f"crm-{service}-{role}" for role in [*ROLES, "migrate"]]
    if not scripts:
        pytest.skip(
            f"services/{service}/pyproject.toml declares no [project.scripts] yet (the service "
            f"is being built); the manifests already run {', '.join(wanted)}"
        )
    missing = [w for w in wanted if w not in scripts]
    assert not missing, f"manifests run {missing}, which services/{service} does not install"
    # The Dockerfile installs the same packages, so the image has these commands.
    procfile = (ROOT / "Procfile").read_text()
    for role in ROLES:
        if f"{service}-{role}:" in procfile:
            assert f"{service}-{role}: crm-{service}-{role}" in procfile


@pytest.mark.parametrize("service", SERVICES)
def test_ports_and_probes_match_config_defaults_and_chassis_routes(service: str) -> None:
    defaults = settings_defaults(service)
    http, grpc = defaults["http_port"], defaults["grpc_port"]
    docs = base_docs()
    prefix = service.upper()
    config = find(docs, "ConfigMap", f"crm-{service}-config")["data"]
    assert config[f"{prefix}_HTTP_PORT"] == str(http)
    assert config[f"{prefix}_GRPC_PORT"] == str(grpc)
    # The defaults bind 127.0.0.1: a pod must listen on all interfaces to be reachable.
    assert config[f"{prefix}_HTTP_HOST"] == "0.0.0.0"
    assert config[f"{prefix}_GRPC_HOST"] == "0.0.0.0"
    identity = settings_defaults("identity")
    assert config[f"{prefix}_IDENTITY_GRPC_TARGET"] == f"identity-grpc:{identity['grpc_port']}"
    assert config[f"{prefix}_JWKS_URL"].startswith(f"http://identity-web:{identity['http_port']}/")

    web = pod_spec(find(docs, "Deployment", f"{service}-web"))["containers"][0]
    assert web["ports"] == [{"name": "http", "containerPort": http, "protocol": "TCP"}]
    live, ready = chassis_health_paths(service)
    assert web["livenessProbe"]["httpGet"] == {"path": live, "port": "http"}
    assert web["startupProbe"]["httpGet"] == {"path": live, "port": "http"}
    assert web["readinessProbe"]["httpGet"] == {"path": ready, "port": "http"}

    ops = {"name": "ops", "containerPort": OPS_PORT, "protocol": "TCP"}
    grpc_c = pod_spec(find(docs, "Deployment", f"{service}-grpc"))["containers"][0]
    assert grpc_c["ports"] == [{"name": "grpc", "containerPort": grpc, "protocol": "TCP"}, ops]
    assert ops_env(grpc_c) == str(OPS_PORT)
    # Alive by the ops server; ready by gRPC health, which turns NOT_SERVING on SIGTERM.
    for probe in ("startupProbe", "livenessProbe"):
        assert grpc_c[probe]["httpGet"] == {"path": "/livez", "port": "ops"}
    assert grpc_c["readinessProbe"]["grpc"] == {"port": grpc}

    worker = pod_spec(find(docs, "Deployment", f"{service}-worker"))["containers"][0]
    assert worker["ports"] == [ops], "the worker serves only its ops endpoints"
    assert ops_env(worker) == str(OPS_PORT)
    for probe in ("startupProbe", "livenessProbe"):
        assert worker[probe]["httpGet"] == {"path": "/livez", "port": "ops"}
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "ops"}
    assert ops_env(web) is None, "web roles serve /metrics on their own port"
    for c in (web, grpc_c, worker):
        assert {"name": "prometheus", "mountPath": env_value(c, "PROMETHEUS_MULTIPROC_DIR")} in (
            c["volumeMounts"]
        )

    assert find(docs, "Service", f"{service}-web")["spec"]["ports"][0]["port"] == http
    grpc_svc = find(docs, "Service", f"{service}-grpc")["spec"]["ports"][0]
    assert grpc_svc["port"] == grpc
    assert grpc_svc["appProtocol"] == "kubernetes.io/h2c"
    worker_svc = find(docs, "Service", f"{service}-worker")["spec"]["ports"]
    assert [(p["name"], p["port"]) for p in worker_svc] == [("ops", OPS_PORT)]


def env_value(container: dict[str, Any], name: str) -> str | None:
    values = [e.get("value") for e in container.get("env", []) if e["name"] == name]
    return values[0] if values else None


def ops_env(container: dict[str, Any]) -> str | None:
    return env_value(container, "CRM_OPS_PORT")


def chassis_health_paths(service: str) -> tuple[str, str]:
    """The live/ready paths create_app registers, under the service's Api base."""
    app_source = (ROOT / "libs/chassis/crm_chassis/http/meta.py").read_text()
    routes = re.findall(r'@bp\.get\("(/health/[a-z]+)"', app_source)
    assert sorted(routes) == ["/health/live", "/health/ready"], routes
    api_source = (ROOT / "libs/chassis/crm_chassis/http/api.py").read_text()
    assert 'self.base = f"/api/{service}/{version}"' in api_source
    base = f"/api/{service}/v1"
    return base + "/health/live", base + "/health/ready"


def test_services_select_pods_and_target_named_ports() -> None:
    docs = base_docs()
    deployments = of_kind(docs, "Deployment")
    for svc in of_kind(docs, "Service"):
        sel = svc["spec"]["selector"]
        matching = [
            d
            for d in deployments
            if sel.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(matching) == 1, f"Service {svc['metadata']['name']} selects {len(matching)}"
        names = {p["name"] for p in pod_spec(matching[0])["containers"][0]["ports"]}
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in names
    for dep in deployments:
        labels = dep["spec"]["template"]["metadata"]["labels"]
        assert dep["spec"]["selector"]["matchLabels"].items() <= labels.items()


@pytest.mark.parametrize("service", SERVICES)
def test_every_role_has_a_pdb_web_and_grpc_an_hpa(service: str) -> None:
    docs = base_docs()
    for role in ("web", "grpc"):
        name = f"{service}-{role}"
        dep = find(docs, "Deployment", name)
        assert "replicas" not in dep["spec"], f"{name}: the HPA owns the replica count"
        hpa = find(docs, "HorizontalPodAutoscaler", name)
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        pdb = find(docs, "PodDisruptionBudget", name)
        assert pdb["spec"]["selector"]["matchLabels"] == dep["spec"]["selector"]["matchLabels"]
    worker = f"{service}-worker"
    assert not [
        d for d in of_kind(docs, "HorizontalPodAutoscaler") if d["metadata"]["name"] == worker
    ], "CPU says little about a queue: production scales workers with KEDA"
    assert find(docs, "PodDisruptionBudget", worker)["spec"]["maxUnavailable"] == 1
