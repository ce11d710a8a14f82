"""The Kubernetes manifests and the Dockerfile, checked against the code they deploy.

No cluster and no Docker daemon are needed: every YAML file under deploy/k8s is parsed, and
compared with the console scripts (services/*/pyproject.toml), the config defaults
(crm_<svc>.config.Settings), the chassis' health routes, gateway/dynamic (routes and
middlewares) and scripts/install.sh. Overlays are built with `kubectl kustomize` or
`kustomize build` when one is installed (skipped, with the reason, otherwise).
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
SERVICES = ["identity", "contacts", "sales", "billing", "support", "marketing"]
ROLES = ["web", "grpc", "worker"]
GATEWAY_PEER_NS = "traefik"
# libyaml's loader when PyYAML has it: about five times faster on these few thousand lines.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ---------------------------------------------------------------------------- loading


def load_all(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.load_all(path.read_text(), Loader=LOADER) if d]


@cache
def base_docs() -> list[dict[str, Any]]:
    return [
        d
        for f in sorted(BASE.glob("*.yaml"))
        if f.name != "kustomization.yaml"
        for d in load_all(f)
    ]


def find(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    hits = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(hits) == 1, f"expected one {kind} {name}, found {len(hits)}"
    return hits[0]


def of_kind(docs: list[dict[str, Any]], *kinds: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] in kinds]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def crm_workloads(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        d
        for d in of_kind(docs, "Deployment", "Job", "StatefulSet", "DaemonSet", "CronJob")
        if d["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "crm"
    ]


def console_scripts(service: str) -> dict[str, str]:
    data = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    return data["project"].get("scripts", {})


@cache
def settings_defaults(service: str) -> dict[str, Any]:
    module = importlib.import_module(f"crm_{service}.config")
    fields = module.Settings.model_fields
    return {name: fields[name].default for name in ("http_port", "grpc_port", "service_name")}


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


# ---------------------------------------------------------------------------- generator


def test_base_is_what_the_generator_renders() -> None:
    spec = importlib.util.spec_from_file_location("crm_k8s_generate", K8S / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render()
    on_disk = {p.name: p.read_text() for p in BASE.glob("*.yaml")}
    assert set(rendered) == set(on_disk), "base/ has files the generator does not write"
    stale = sorted(n for n, text in rendered.items() if on_disk[n] != text)
    assert not stale, f"run .venv/bin/python deploy/k8s/generate.py; stale: {stale}"
    assert sorted(module.SERVICES) == sorted(SERVICES)


def test_every_yaml_file_parses() -> None:
    files = sorted(K8S.rglob("*.yaml"))
    assert len(files) >= 10
    for f in files:
        for doc in load_all(f):
            assert isinstance(doc, dict), f"{f}: a document that is not a mapping"
            if f.name != "traefik-values.yaml":
                assert doc.get("apiVersion") and doc.get("kind"), f"{f}: apiVersion/kind missing"


# ---------------------------------------------------------------------------- workloads


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
        assert container["image"] == "crm-suite"


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

    grpc_c = pod_spec(find(docs, "Deployment", f"{service}-grpc"))["containers"][0]
    assert grpc_c["ports"] == [{"name": "grpc", "containerPort": grpc, "protocol": "TCP"}]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert grpc_c[probe]["grpc"] == {"port": grpc}

    worker = pod_spec(find(docs, "Deployment", f"{service}-worker"))["containers"][0]
    assert "ports" not in worker, "the worker serves nothing"
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert "httpGet" not in worker.get(probe, {}) and "grpc" not in worker.get(probe, {})

    assert find(docs, "Service", f"{service}-web")["spec"]["ports"][0]["port"] == http
    grpc_svc = find(docs, "Service", f"{service}-grpc")["spec"]["ports"][0]
    assert grpc_svc["port"] == grpc
    assert grpc_svc["appProtocol"] == "kubernetes.io/h2c"


def chassis_health_paths(service: str) -> tuple[str, str]:
    """The live/ready paths create_app registers, under the service's Api base."""
    app_source = (ROOT / "libs/chassis/crm_chassis/http/meta.py").read_text()
    routes = re.findall(r'@bp\.get\("(/health/[a-z]+)"', app_source)
    assert sorted(routes) == ["/health/live", "/health/ready"], routes
    api_source = (ROOT / "libs/chassis/crm_chassis/http/api.py").read_text()
    assert 'self.base = f"/api/{service}/{version}"' in api_source
    base = f"/api/{service}/v1"
    return base + "/health/live", base + "/health/ready"


def test_secrets_come_from_secret_refs_never_literals() -> None:
    for workload in crm_workloads(base_docs()):
        for container in pod_spec(workload)["containers"]:
            for item in container.get("env", []):
                name = item["name"]
                if re.search(r"DATABASE_URL|AMQP_URL|SECRET|PASSWORD|PASSPHRASE", name):
                    assert "secretKeyRef" in item.get("valueFrom", {}), (
                        f"{name} is not a secret ref"
                    )
    for cm in of_kind(base_docs(), "ConfigMap"):
        for key in cm.get("data", {}):
            assert not re.search(r"SECRET|PASSWORD|DATABASE_URL|AMQP_URL", key), key


@pytest.mark.parametrize("service", SERVICES)
def test_client_secret_matches_identity_service_account_secret(service: str) -> None:
    docs = base_docs()

    def ref(dep: str, var: str) -> dict[str, Any]:
        env = pod_spec(find(docs, "Deployment", dep))["containers"][0]["env"]
        return next(e for e in env if e["name"] == var)["valueFrom"]["secretKeyRef"]

    client = ref(f"{service}-web", f"{service.upper()}_CLIENT_SECRET")
    assert client == ref("identity-web", f"CRM_SERVICE_SECRET_{service.upper()}")
    config = find(docs, "ConfigMap", f"crm-{service}-config")["data"]
    assert config[f"{service.upper()}_CLIENT_ID"] == f"svc-{service}"


def security_problems(workload: dict[str, Any]) -> list[str]:
    """Why a workload is not non-root/read-only/capless/limited ([] when it is)."""
    name = workload["metadata"]["name"]
    spec = pod_spec(workload)
    pod = spec.get("securityContext", {})
    problems = []
    if not pod.get("runAsNonRoot") or pod.get("runAsUser", 0) == 0:
        problems.append(f"{name}: pod not runAsNonRoot with a non-zero runAsUser")
    for c in spec["containers"] + spec.get("initContainers", []):
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{name}/{c['name']}: root filesystem writable")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}/{c['name']}: privilege escalation allowed")
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            problems.append(f"{name}/{c['name']}: capabilities not dropped")
        if sc.get("runAsUser") == 0 or sc.get("privileged"):
            problems.append(f"{name}/{c['name']}: root or privileged")
        res = c.get("resources", {})
        for kind in ("requests", "limits"):
            if set(res.get(kind, {})) < {"cpu", "memory"}:
                problems.append(f"{name}/{c['name']}: no cpu+memory {kind}")
    return problems


def test_every_crm_workload_is_non_root_read_only_and_limited() -> None:
    workloads = crm_workloads(base_docs())
    assert len(workloads) == len(SERVICES) * 4 + 1  # + gateway-errors
    problems = [p for w in workloads for p in security_problems(w)]
    assert not problems, problems
    for w in workloads:
        spec = pod_spec(w)
        mounts = {m["mountPath"] for m in spec["containers"][0].get("volumeMounts", [])}
        assert "/tmp" in mounts, f"{w['metadata']['name']}: gunicorn/tempfile need a writable /tmp"
        assert spec.get("automountServiceAccountToken") is False


def test_security_check_can_fail() -> None:
    bad = yaml.safe_load(
        """
        kind: Deployment
        metadata: {name: bad}
        spec: {template: {spec: {securityContext: {runAsUser: 0},
          containers: [{name: c, resources: {limits: {cpu: 1}}}]}}}
        """
    )
    assert len(security_problems(bad)) == 6


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
def test_web_and_grpc_have_pdb_and_hpa_workers_do_not(service: str) -> None:
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
    ]


# ---------------------------------------------------------------------------- network


def peers_allowed(docs: list[dict[str, Any]], pod_labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every `from` peer of an ingress rule of a NetworkPolicy selecting these pod labels."""
    peers = []
    for np in of_kind(docs, "NetworkPolicy"):
        if np["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items():
            for rule in np["spec"].get("ingress", []):
                peers += rule.get("from", [{"any": True}])
    return peers


def is_gateway(peer: dict[str, Any]) -> bool:
    ns = peer.get("namespaceSelector", {}).get("matchLabels", {})
    return ns.get("kubernetes.io/metadata.name") == GATEWAY_PEER_NS and "podSelector" in peer


def is_crm_pods(peer: dict[str, Any]) -> bool:
    return peer == {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "crm"}}}


@pytest.mark.parametrize("service", SERVICES)
def test_network_policies_only_gateway_and_crm_grpc(service: str) -> None:
    docs = base_docs()
    deny = find(docs, "NetworkPolicy", "crm-default-deny")["spec"]
    assert deny["podSelector"] == {"matchLabels": {"app.kubernetes.io/part-of": "crm"}}
    assert "ingress" not in deny and set(deny["policyTypes"]) == {"Ingress", "Egress"}

    def labels(role: str) -> dict[str, str]:
        return find(docs, "Deployment", f"{service}-{role}")["spec"]["template"]["metadata"][
            "labels"
        ]

    web = peers_allowed(docs, labels("web"))
    assert web and all(is_gateway(p) or (service == "identity" and is_crm_pods(p)) for p in web)
    grpc = peers_allowed(docs, labels("grpc"))
    assert any(is_gateway(p) for p in grpc) and any(is_crm_pods(p) for p in grpc)
    assert all(is_gateway(p) or is_crm_pods(p) for p in grpc)
    assert peers_allowed(docs, labels("worker")) == [], "nothing may connect to a worker"

    egress = find(docs, "NetworkPolicy", "crm-egress")["spec"]["egress"]
    ports = {p["port"] for rule in egress for p in rule["ports"]}
    defaults = settings_defaults(service)
    assert {5432, 5672, 53, defaults["grpc_port"]} <= ports


# ---------------------------------------------------------------------------- gateway CRDs


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


# ---------------------------------------------------------------------------- kustomize


def kustomizations() -> Iterator[Path]:
    yield from sorted(K8S.rglob("kustomization.yaml"))


def referenced_files(k: dict[str, Any]) -> set[str]:
    refs = set(k.get("resources", []))
    refs |= {p["path"] for p in k.get("patches", []) if "path" in p}
    refs |= set(k.get("patchesStrategicMerge", []))
    return refs


@pytest.mark.parametrize(
    "path", list(kustomizations()), ids=lambda p: str(p.parent.relative_to(K8S))
)
def test_kustomization_lists_every_file_in_its_directory(path: Path) -> None:
    k = yaml.safe_load(path.read_text())
    refs = referenced_files(k)
    here = {p.name for p in path.parent.glob("*.yaml")} - {"kustomization.yaml"}
    assert here - refs == set(), "files not listed in kustomization.yaml"
    for ref in refs:
        assert (path.parent / ref).exists(), f"{ref} does not exist"
    assert "commonLabels" not in k, "commonLabels rewrites selectors: use explicit labels"


def kustomize_build(overlay: str) -> list[dict[str, Any]]:
    target = str(K8S / "overlays" / overlay)
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", target]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", target]
    else:
        pytest.skip("neither kubectl nor kustomize is installed: overlays not built")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return [d for d in yaml.load_all(out.stdout, Loader=LOADER) if d]


def secret_refs(docs: list[dict[str, Any]]) -> set[tuple[str, str, bool]]:
    refs = set()
    for w in crm_workloads(docs):
        for c in pod_spec(w)["containers"]:
            for e in c.get("env", []):
                r = e.get("valueFrom", {}).get("secretKeyRef")
                if r:
                    refs.add((r["name"], r["key"], bool(r.get("optional"))))
    return refs


def test_local_overlay_builds_and_provides_every_secret() -> None:
    docs = kustomize_build("local")
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"crm"}
    secrets = {s["metadata"]["name"]: s for s in of_kind(docs, "Secret")}
    for name, key, optional in secret_refs(docs):
        if not optional:
            assert key in secrets.get(name, {}).get("data", {}), f"local lacks secret {name}/{key}"
    images = {c["image"] for w in crm_workloads(docs) for c in pod_spec(w)["containers"]}
    assert images == {"crm-suite:dev"}
    hpas = of_kind(docs, "HorizontalPodAutoscaler")
    assert len(hpas) == len(SERVICES) * 2 and all(h["spec"]["minReplicas"] == 1 for h in hpas)
    for host in ("postgres", "rabbitmq"):
        find(docs, "Service", host)
    assert not [p for w in crm_workloads(docs) for p in security_problems(w)]


def test_production_overlay_builds_with_external_secrets_otel_and_replicas() -> None:
    docs = kustomize_build("production")
    assert of_kind(docs, "Secret") == [], "production Secrets are created outside the repo"
    readme = (K8S / "README.md").read_text()
    for name, key, _ in secret_refs(docs):
        assert f"`{name}`" in readme and key in readme, f"README does not document {name}/{key}"
    images = {c["image"] for w in crm_workloads(docs) for c in pod_spec(w)["containers"]}
    assert len(images) == 1 and re.fullmatch(r"[\w./-]+/crm-suite:\d+\.\d+\.\d+", images.pop())
    common = find(docs, "ConfigMap", "crm-common")["data"]
    assert common["OTEL_TRACES_EXPORTER"] == "otlp"
    assert common["OTEL_EXPORTER_OTLP_ENDPOINT"].endswith(":4318")
    hpas = {h["metadata"]["name"]: h["spec"] for h in of_kind(docs, "HorizontalPodAutoscaler")}
    assert all(h["minReplicas"] >= 2 for h in hpas.values())
    assert hpas["identity-web"]["minReplicas"] == 3
    for service in SERVICES:
        assert find(docs, "Deployment", f"{service}-worker")["spec"]["replicas"] == 2
    assert {d["kind"] for d in docs} >= {"Job", "Deployment", "IngressRoute", "Middleware"}


# ---------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in (raw.strip() for raw in joined.splitlines())
        if line
    ]


def dockerfile_problems(text: str) -> list[str]:
    ins = dockerfile_instructions(text)
    args = dict(a.split("=", 1) for i, a in ins if i == "ARG" and "=" in a)
    problems = []
    froms = [a for i, a in ins if i == "FROM"]
    if len(froms) < 2:
        problems.append("not multi-stage")
    for base in froms:
        image = base.split()[0]
        image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), image)
        if image in {"build", "runtime"}:
            continue
        if not (re.search(r":\d+\.\d+\.\d+[\w.-]*$", image) or "@sha256:" in image):
            problems.append(f"base image {image!r} not pinned to a full version or digest")
    final = [(i, a) for i, a in ins][[n for n, (i, _) in enumerate(ins) if i == "FROM"][-1] :]
    users = [a for i, a in final if i == "USER"]
    if (
        not users
        or users[-1].split(":")[0] in {"root", "0"}
        or not users[-1].split(":")[0].isdigit()
    ):
        problems.append("final stage does not end as a numeric non-root USER")
    for i, a in ins:
        if i in {"ENV", "ARG"} and re.search(
            r"(SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL)\w*=", a, re.I
        ):
            problems.append(f"{i} carries a secret: {a}")
    return problems


def test_dockerfile_is_multi_stage_pinned_non_root_and_secret_free() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert dockerfile_problems(text) == []
    ins = dockerfile_instructions(text)
    run = " ".join(a for i, a in ins if i == "RUN")
    assert "-c requirements/constraints.txt" in run
    assert "requirements/dev.txt" not in run, "dev tools stay out of the image"
    # Every package scripts/install.sh installs is in the image.
    install = (ROOT / "scripts/install.sh").read_text()
    packages = re.search(r"PACKAGES=\(([^)]*)\)", install, re.S)
    assert packages
    for pkg in packages.group(1).split():
        assert f"-e {pkg}" in run, f"the image does not install {pkg}"
    assert "python:3.11" in text, "the suite targets Python 3.11"


def test_dockerfile_checker_can_fail() -> None:
    bad = "FROM python:3.11-slim\nARG DB_PASSWORD=x\nRUN pip install .\nUSER root\n"
    assert len(dockerfile_problems(bad)) == 4


def test_dockerignore_keeps_secrets_and_junk_out_but_sources_in() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for needed in (".git", ".venv", "var", "**/*.env"):
        assert needed in patterns

    def ignored(path: str) -> bool:
        return any(
            fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns
        )

    kept = [
        "requirements/constraints.txt",
        "services/contacts/crm_contacts/migrations/env.py",
        "services/identity/crm_identity/migrations/env.py",
        "libs/chassis/crm_chassis/config.py",
        "protos/gen/python/crm/identity/v1/identity_pb2.py",
        "gateway/crm_gateway/problems.py",
    ]
    assert [p for p in kept if ignored(p)] == []
    assert ignored("var/contacts.db") and ignored(".git/config") and ignored("tests/e2e/x.py")
