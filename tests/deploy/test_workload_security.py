"""Secrets only by reference; every CRM pod non-root, read-only, capless and limited."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from _manifests import (
    SERVICES,
    base_docs,
    crm_workloads,
    find,
    of_kind,
    pod_spec,
    security_problems,
)


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


def test_every_crm_workload_is_non_root_read_only_and_limited() -> None:
    workloads = crm_workloads(base_docs())
    assert len(workloads) == len(SERVICES) * 4 + 2  # + gateway-errors, gateway-grpc-directory
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
