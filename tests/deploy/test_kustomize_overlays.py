"""Kustomizations list their files; the local and production overlays build and differ as meant.

Overlays are built with `kubectl kustomize` or `kustomize build` when one is installed
(skipped, with the reason, otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from _manifests import (
    K8S,
    SERVICES,
    crm_workloads,
    find,
    image_versions,
    kustomize_build,
    of_kind,
    pod_spec,
    security_problems,
)


def kustomizations() -> Iterator[Path]:
    yield from sorted(K8S.rglob("kustomization.yaml"))


def referenced_files(k: dict[str, Any]) -> set[str]:
    refs = set(k.get("resources", []))
    refs |= {p["path"] for p in k.get("patches", []) if "path" in p}
    refs |= set(k.get("patchesStrategicMerge", []))
    refs |= set(k.get("components", []))
    return refs


@pytest.mark.parametrize(
    "path", list(kustomizations()), ids=lambda p: str(p.parent.relative_to(K8S))
)
def test_kustomization_lists_every_file_in_its_directory(path: Path) -> None:
    k = yaml.safe_load(path.read_text())
    refs = referenced_files(k)
    here = {p.name for p in path.parent.glob("*.yaml")} - {"kustomization.yaml"}
    here |= {p.parent.name for p in path.parent.glob("*/kustomization.yaml")}
    assert here - refs == set(), "files not listed in kustomization.yaml"
    for ref in refs:
        assert (path.parent / ref).exists(), f"{ref} does not exist"
    assert "commonLabels" not in k, "commonLabels rewrites selectors: use explicit labels"


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
    assert images == {f"crm-{name}:dev" for name in image_versions()}
    hpas = of_kind(docs, "HorizontalPodAutoscaler")
    assert len(hpas) == len(SERVICES) * 2 and all(h["spec"]["minReplicas"] == 1 for h in hpas)
    for host in ("postgres", "rabbitmq"):
        find(docs, "Service", host)
    assert not [p for w in crm_workloads(docs) for p in security_problems(w)]


def test_production_overlay_builds_with_external_secrets_otel_and_replicas() -> None:
    """Secrets from outside (or the operators), each image at its package's version."""
    docs = kustomize_build("production")
    assert of_kind(docs, "Secret") == [], "production Secrets are created outside the repo"
    readme = (K8S / "README.md").read_text()
    for name, key, _ in secret_refs(docs):
        assert f"`{name}`" in readme and key in readme, f"README does not document {name}/{key}"
    images = {c["image"] for w in crm_workloads(docs) for c in pod_spec(w)["containers"]}
    registry = "registry.example.com/crm/"
    assert images == {f"{registry}crm-{n}:{v}" for n, v in image_versions().items()}
    common = find(docs, "ConfigMap", "crm-common")["data"]
    assert common["OTEL_TRACES_EXPORTER"] == "otlp"
    assert common["OTEL_EXPORTER_OTLP_ENDPOINT"].endswith(":4318")
    hpas = {h["metadata"]["name"]: h["spec"] for h in of_kind(docs, "HorizontalPodAutoscaler")}
    assert all(h["minReplicas"] >= 2 for h in hpas.values())
    assert hpas["identity-web"]["minReplicas"] == 3
    # identity's worker only relays its outbox: a fixed two. KEDA scales the others.
    assert find(docs, "Deployment", "identity-worker")["spec"]["replicas"] == 2
    for service in SERVICES[1:]:
        assert "replicas" not in find(docs, "Deployment", f"{service}-worker")["spec"]
    assert {d["kind"] for d in docs} >= {"Job", "Deployment", "IngressRoute", "Middleware"}
