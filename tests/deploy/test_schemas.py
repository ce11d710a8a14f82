"""Every object of every overlay validates offline: built-in kinds against the Kubernetes
JSON schemas (PyPI kubernetes-validate, strict: unknown fields fail), custom resources against
the CRD schemas kept in deploy/k8s/schemas/ (with unknown fields refused where the CRD lists
its properties, as the API server would prune them: a misspelt field must not pass)."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

import jsonschema
import pytest
from _manifests import K8S, kustomize_build
from kubernetes_validate.utils import schema_contents
from referencing import Registry, Resource

KUBERNETES = "1.33.0"  # the oldest minor the manifests target (native gRPC probes: 1.27+)
SCHEMAS = K8S / "schemas"
BUILT_IN_GROUPS = {"", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"}


def _closed(schema: Any) -> Any:
    """The schema with additionalProperties: false wherever it lists properties and allows
    no unknown fields (x-kubernetes-preserve-unknown-fields), recursively."""
    if isinstance(schema, list):
        return [_closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _closed(v) for k, v in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@cache
def built_in_validator(api_version: str, kind: str) -> jsonschema.Draft202012Validator:
    """kubernetes_validate.validate's validator, built once per kind (it reloads the shared
    definitions on every call, which made this test take most of a minute)."""
    folder = f"kubernetes-json-schema/v{KUBERNETES}-local-strict"
    name = re.sub(
        r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version
    )  # networking.k8s.io/v1 -> networking-v1
    schema = schema_contents(f"{folder}/{kind.lower()}-{name}.json", KUBERNETES)
    definitions = schema_contents(f"{folder}/_definitions.json", KUBERNETES)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.Draft202012Validator(schema, registry=registry)


@cache
def crd_validator(group: str, kind: str, version: str) -> jsonschema.Draft4Validator:
    path = SCHEMAS / f"{group}_{kind}_{version}.json"
    assert path.is_file(), f"no schema kept for {group}/{version} {kind}: add {path.name}"
    schema = _closed(json.loads(path.read_text()))
    # Top-level apiVersion/kind/metadata are the API server's; metadata is checked below.
    schema.pop("additionalProperties", None)
    return jsonschema.Draft4Validator(schema)


def problems(doc: dict[str, Any]) -> list[str]:
    group, _, version = doc["apiVersion"].rpartition("/")
    name = f"{doc['kind']} {doc['metadata'].get('name')}"
    if group in BUILT_IN_GROUPS:
        validator: Any = built_in_validator(doc["apiVersion"], doc["kind"])
    else:
        validator = crd_validator(group, doc["kind"], version)
    return [
        f"{name}: {e.message} at {'.'.join(map(str, e.absolute_path))}"
        for e in validator.iter_errors(doc)
    ]


@pytest.mark.parametrize("overlay", ["local", "production"])
def test_every_object_of_the_overlay_validates(overlay: str) -> None:
    docs = kustomize_build(overlay)
    assert len(docs) > 100
    found = [p for d in docs for p in problems(d)]
    assert found == []


def test_every_kept_schema_is_used_or_reserved_for_monitoring() -> None:
    used = {
        f"{d['apiVersion'].rpartition('/')[0]}_{d['kind']}_{d['apiVersion'].rpartition('/')[2]}"
        for overlay in ("local", "production")
        for d in kustomize_build(overlay)
    }
    kept = {p.stem for p in SCHEMAS.glob("*.json")} - {"compose-spec"}  # test_compose.py
    # ServiceMonitor/PrometheusRule: for deploy/k8s/generator/monitoring.py; Queue: spare.
    spare = {
        "monitoring.coreos.com_ServiceMonitor_v1",
        "monitoring.coreos.com_PrometheusRule_v1",
        "rabbitmq.com_Queue_v1beta1",
    }
    assert kept - used <= spare
    readme = (SCHEMAS / "README.md").read_text()
    assert [k for k in kept if f"`{k}.json`" not in readme] == [], "note each schema's source"


def test_validation_can_fail() -> None:
    docs = kustomize_build("production")
    rabbit = next(d for d in docs if d["kind"] == "RabbitmqCluster")
    bad = copy.deepcopy(rabbit)
    bad["spec"]["replicas"] = "three"
    assert problems(bad)
    typo = copy.deepcopy(rabbit)
    typo["spec"]["replica"] = 3  # unknown field: the API server would drop it silently
    assert problems(typo)
    deployment = copy.deepcopy(next(d for d in docs if d["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = 7
    assert problems(deployment)
    deployment["spec"]["template"]["spec"]["containers"][0].pop("imagePullPolicy")
    deployment["spec"]["replica"] = 2
    assert problems(deployment)
