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


def pod_spec(
    containers: list[dict[str, Any]], *, metrics: bool = False, **extra: Any
) -> dict[str, Any]:
    # gunicorn's worker heartbeat files and Python's tempfile need a writable /tmp.
    volumes: list[dict[str, Any]] = [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]
    if metrics:  # PROMETHEUS_MULTIPROC_DIR, emptied with the pod (stale files skew counters)
        volumes.append({"name": "prometheus", "emptyDir": {"sizeLimit": "64Mi"}})
    return {
        "automountServiceAccountToken": False,
        "securityContext": POD_SECURITY,
        **extra,
        "containers": containers,
        "volumes": volumes,
    }


def http_probe(path: str, *, period: int, failures: int, port: str = "http") -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": port},
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
