"""Shared by the tests of deploy/: where things are, loading the manifests, finding in them."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tomllib
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
# libyaml's loader when PyYAML has it: about five times faster on these few thousand lines.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


@cache
def _build(overlay: str) -> str:
    target = str(K8S / "overlays" / overlay)
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", target]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", target]
    else:
        pytest.skip("neither kubectl nor kustomize is installed: overlays not built")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout


def kustomize_build(overlay: str) -> list[dict[str, Any]]:
    """The overlay as kubectl would apply it (a fresh copy: tests may not share mutations)."""
    return [d for d in yaml.load_all(_build(overlay), Loader=LOADER) if d]


def image_versions() -> dict[str, str]:
    """Image name (crm-<name>) suffix -> the version in that package's pyproject.toml."""
    out = {}
    for name in [*SERVICES, "gateway"]:
        toml = ROOT / ("gateway" if name == "gateway" else f"services/{name}") / "pyproject.toml"
        out[name] = tomllib.loads(toml.read_text())["project"]["version"]
    return out
