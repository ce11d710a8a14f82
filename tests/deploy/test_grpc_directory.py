"""The gRPC directory in Kubernetes: the paths, command, backends and probes of the local one."""

from __future__ import annotations

import re
import tomllib

import yaml
from _manifests import ROOT, base_docs, find, pod_spec

from crm_chassis.grpc_directory import DirectorySettings

NAME = "gateway-grpc-directory"


def local_router() -> tuple[str, str]:
    """(rule, upstream URL default) of the directory in gateway/dynamic/routes.yml."""
    text = (ROOT / "gateway/dynamic/routes.yml").read_text()
    rule = re.search(rf"    {NAME}:\n      entryPoints: \[web\]\n      rule: (.*)\n", text)
    url = re.search(r'CRM_GATEWAY_DIRECTORY_URL" \| default "([^"]+)"', text)
    assert rule and url, "routes.yml has no gateway-grpc-directory router/service"
    return rule.group(1), url.group(1)


def test_route_matches_the_local_gateway_and_uses_h2c() -> None:
    rule, url = local_router()
    route = find(base_docs(), "IngressRoute", NAME)["spec"]["routes"]
    assert [r["match"] for r in route] == [rule]
    assert route[0]["services"] == [
        {"name": NAME, "port": "grpc", "scheme": "h2c", "serversTransport": "grpc-upstream"}
    ]
    # The local default upstream is the directory's default bind address.
    assert url == "h2c://" + DirectorySettings().bind
    for path in ("grpc.reflection.v1.", "grpc.reflection.v1alpha.", "grpc.health.v1.Health/"):
        assert path in rule


def test_deployment_runs_the_console_script_with_backends_and_grpc_probes() -> None:
    docs = base_docs()
    container = pod_spec(find(docs, "Deployment", NAME))["containers"][0]
    assert container["command"] == ["crm-gateway-grpc-directory"]
    scripts = tomllib.loads((ROOT / "libs/chassis/pyproject.toml").read_text())["project"]
    assert container["command"][0] in scripts["scripts"]
    # Backends: CRM_<SVC>_GRPC_URL from crm-common, the variables the services use too.
    assert {"configMapRef": {"name": "crm-common"}} in container["envFrom"]
    common = find(docs, "ConfigMap", "crm-common")["data"]
    assert "CRM_CONTACTS_GRPC_URL" in common
    port = container["ports"][0]["containerPort"]
    assert {"name": "CRM_GATEWAY_DIRECTORY_BIND", "value": f"0.0.0.0:{port}"} in container["env"]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["grpc"] == {"port": port}
    service = find(docs, "Service", NAME)["spec"]["ports"][0]
    assert service["port"] == port and service["targetPort"] == "grpc"
    policy = find(docs, "NetworkPolicy", NAME)["spec"]
    assert [p["port"] for p in policy["ingress"][0]["ports"]] == [port]
    assert policy["ingress"][0]["from"][0]["namespaceSelector"]  # Traefik only


def test_procfile_runs_the_directory() -> None:
    procfile = yaml.safe_load((ROOT / "Procfile").read_text())
    assert procfile["gateway-grpc"] == "crm-gateway-grpc-directory"
