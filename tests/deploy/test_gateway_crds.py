"""Traefik CRDs (IngressRoutes, Middlewares) mirror gateway/dynamic; the Helm values agree."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml
from _manifests import K8S, ROOT, SERVICES, base_docs, find, of_kind, pod_spec


def render_template_defaults(text: str) -> str:
    """Replace `{{ env "X" | default "V" }}` with V (what Traefik renders with no env set)."""
    return re.sub(r'\{\{\s*env\s+"[A-Z_]+"\s*\|\s*default\s+"([^"]*)"\s*\}\}', r"\1", text)


def gateway_middlewares() -> dict[str, Any]:
    text = render_template_defaults((ROOT / "gateway/dynamic/middlewares.yml").read_text())
    return yaml.safe_load(text)["http"]["middlewares"]


def gateway_routes() -> tuple[list[str], list[str], list[str]]:
    """(services, REST middleware chain, rule templates) of gateway/dynamic/routes.yml."""
    text = (ROOT / "gateway/dynamic/routes.yml").read_text()
    names = re.search(r"range \$i, \$name := list ((?:\"[a-z]+\"\s*)+)\}\}", text)
    assert names, "routes.yml no longer ranges over the service list"
    services = re.findall(r'"([a-z]+)"', names.group(1))
    chain = re.search(r"\{\{ \$name \}\}-web:.*?middlewares: \[([^\]]*)\]", text, re.S)
    assert chain
    rules = re.findall(r"rule: (PathPrefix\(`[^`]*\{\{ \$name \}\}[^`]*`\))", text)
    return services, [m.strip() for m in chain.group(1).split(",")], rules


def test_ingress_routes_cover_every_service_and_gateway_path() -> None:
    docs = base_docs()
    services, chain, rules = gateway_routes()
    assert services == SERVICES
    assert rules == ["PathPrefix(`/api/{{ $name }}/`)", "PathPrefix(`/crm.{{ $name }}.v1.`)"]
    middlewares = {m["metadata"]["name"] for m in of_kind(docs, "Middleware")}
    transports = {t["metadata"]["name"] for t in of_kind(docs, "ServersTransport")}
    for service in services:
        route = find(docs, "IngressRoute", service)["spec"]
        assert route["entryPoints"] == ["web"]
        by_match = {r["match"]: r for r in route["routes"]}
        rest = by_match[rules[0].replace("{{ $name }}", service)]
        grpc = by_match[rules[1].replace("{{ $name }}", service)]
        assert [s["name"] for s in rest["services"]] == [f"{service}-web"]
        assert rest["services"][0]["port"] == "http"
        assert [m["name"] for m in rest["middlewares"]] == ["strip-identity-headers", *chain]
        assert grpc["services"] == [
            {
                "name": f"{service}-grpc",
                "port": "grpc",
                "scheme": "h2c",
                "serversTransport": "grpc-upstream",
            }
        ]
        assert [m["name"] for m in grpc["middlewares"]] == ["strip-identity-headers"]
        for r in route["routes"]:
            assert {m["name"] for m in r["middlewares"]} <= middlewares
            assert {s["serversTransport"] for s in r["services"]} <= transports
    catch_all = find(docs, "IngressRoute", "gateway-not-found")["spec"]["routes"][0]
    assert catch_all["match"] == "PathPrefix(`/`)" and catch_all["priority"] == 1
    front = find(docs, "IngressRoute", "gateway-not-found")["spec"]["routes"][1]
    assert front["match"] == "Path(`/`)" and front["priority"] > 1  # the front page
    assert catch_all["services"][0]["name"] == "gateway-errors"


def test_middlewares_mirror_gateway_dynamic_config() -> None:
    local = gateway_middlewares()
    docs = base_docs()
    k8s = {m["metadata"]["name"]: m["spec"] for m in of_kind(docs, "Middleware")}
    assert set(k8s) == set(local)
    assert k8s["strip-identity-headers"] == local["strip-identity-headers"]
    assert set(k8s["strip-identity-headers"]["headers"]["customRequestHeaders"].values()) == {""}
    rate = local["rate-limit"]["rateLimit"]
    assert k8s["rate-limit"]["rateLimit"] == rate
    assert k8s["body-limit"] == local["body-limit"]
    assert k8s["retry-idempotent"] == local["retry-idempotent"]
    errors_local, errors_k8s = local["gateway-errors"]["errors"], k8s["gateway-errors"]["errors"]
    assert errors_k8s["status"] == errors_local["status"]
    assert errors_k8s["query"] == errors_local["query"]
    # The errors service is the problem-pages app, which the image runs as crm-gateway-errors.
    svc = find(docs, "Service", errors_k8s["service"]["name"])
    dep = find(docs, "Deployment", "gateway-errors")
    assert pod_spec(dep)["containers"][0]["command"] == ["crm-gateway-errors"]
    assert svc["spec"]["ports"][0]["name"] == errors_k8s["service"]["port"]
    gw_scripts = tomllib.loads((ROOT / "gateway/pyproject.toml").read_text())["project"]["scripts"]
    assert "crm-gateway-errors" in gw_scripts
    assert "/livez" in (ROOT / "gateway/crm_gateway/problems.py").read_text()


def test_template_renderer_used_for_the_comparison_sees_every_placeholder() -> None:
    rendered = render_template_defaults((ROOT / "gateway/dynamic/middlewares.yml").read_text())
    assert "{{" not in rendered


def test_traefik_values_name_the_strip_middleware_of_the_crm_namespace() -> None:
    values = yaml.safe_load((K8S / "traefik-values.yaml").read_text())
    namespaces = {
        yaml.safe_load((K8S / "overlays" / o / "kustomization.yaml").read_text())["namespace"]
        for o in ("local", "production")
    }
    assert namespaces == {"crm"}
    assert values["ports"]["web"]["middlewares"] == ["crm-strip-identity-headers@kubernetescrd"]
    assert values["providers"]["kubernetesCRD"]["namespaces"] == ["crm"]
