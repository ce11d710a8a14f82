"""Labels, metadata and pod pieces that every workload of the suite shares."""

from __future__ import annotations

from typing import Any

from .table import PART_OF, POD_SECURITY


def labels(service: str, component: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": service,
        "app.kubernetes.io/component": component,
        **PART_OF,
    }


def selector(service: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": service, "app.kubernetes.io/component": component}


def meta(name: str, service: str, component: str) -> dict[str, Any]:
    return {"name": name, "labels": labels(service, component)}


def pod_spec(containers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "automountServiceAccountToken": False,
        "securityContext": POD_SECURITY,
        **extra,
        "containers": containers,
        # gunicorn's worker heartbeat files and Python's tempfile need a writable /tmp.
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
    }


def http_probe(path: str, *, period: int, failures: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": "http"},
        "periodSeconds": period,
        "timeoutSeconds": 2,
        "failureThreshold": failures,
    }


def pdb_named(name: str, service: str, component: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": meta(name, service, component),
        # maxUnavailable (not minAvailable: 1): a single replica must not block node drains.
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector(service, component)}},
    }
