"""gateway.yaml: Traefik Middlewares and ServersTransports, the problem-pages app, catch-all."""

from __future__ import annotations

from typing import Any

from .objects import http_probe, labels, meta, pdb_named, pod_spec, selector
from .routes import not_found_route
from .table import CONTAINER_SECURITY, ERRORS_APP, ERRORS_PORT, GATEWAY_PEER, IMAGE

# The header list, rate/body limits and error statuses mirror gateway/dynamic/middlewares.yml
# (the test compares them).
IDENTITY_HEADERS = [
    "X-User-Id",
    "X-User-Roles",
    "X-User-Email",
    "X-User-Name",
    "X-User-Groups",
    "X-User-Permissions",
    "X-Auth-User",
    "X-Auth-Roles",
    "X-Auth-Email",
    "X-Auth-Request-User",
    "X-Auth-Request-Email",
    "X-Auth-Request-Groups",
    "X-Authenticated-User",
    "X-Authenticated-Userid",
    "X-Forwarded-User",
    "X-Forwarded-Email",
    "X-Forwarded-Groups",
    "X-Forwarded-Preferred-Username",
    "X-Remote-User",
    "Remote-User",
    "X-Principal",
    "X-Roles",
    "X-Scopes",
    "X-Internal-Token",
    "X-Internal-Request",
    "X-Service-Identity",
    "X-Service-Account",
    "X-Service-Token",
    "X-Consumer-Id",
    "X-Consumer-Username",
    "X-Impersonate-User",
]


def gateway_documents() -> list[dict[str, Any]]:
    return [*middlewares(), *transports(), *errors_app(), not_found_route()]


def middleware(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "traefik.io/v1alpha1",
        "kind": "Middleware",
        "metadata": meta(name, "gateway", "middleware"),
        "spec": spec,
    }


def transport(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "traefik.io/v1alpha1",
        "kind": "ServersTransport",
        "metadata": meta(name, "gateway", "transport"),
        "spec": spec,
    }


def middlewares() -> list[dict[str, Any]]:
    return [
        middleware(
            "strip-identity-headers",
            {"headers": {"customRequestHeaders": dict.fromkeys(IDENTITY_HEADERS, "")}},
        ),
        middleware("rate-limit", {"rateLimit": {"average": 5000, "burst": 10000, "period": "1s"}}),
        middleware("body-limit", _buffering(max_request_body_bytes=2097152)),
        # POST /api/contacts/v1/imports only: CSV uploads up to 256 MiB, spilled to disk.
        middleware("import-body-limit", _buffering(max_request_body_bytes=268435456)),
        middleware(
            "retry-idempotent",
            {
                "retry": {
                    "attempts": 3,
                    "initialInterval": "50ms",
                    "status": ["502"],
                    "retryNonIdempotentMethod": False,
                    "maxRequestBodyBytes": 65536,
                }
            },
        ),
        middleware(
            "gateway-errors",
            {
                "errors": {
                    "status": ["413", "429", "502", "504"],
                    "query": "/problems/{status}?url={url}",
                    "service": {"name": ERRORS_APP, "port": "http"},
                }
            },
        ),
    ]


def _buffering(*, max_request_body_bytes: int) -> dict[str, Any]:
    return {
        "buffering": {
            "maxRequestBodyBytes": max_request_body_bytes,
            "memRequestBodyBytes": 1048576,
            "memResponseBodyBytes": 1048576,
        }
    }


def transports() -> list[dict[str, Any]]:
    return [
        transport(
            "web-upstream",
            {
                "maxIdleConnsPerHost": 100,
                "forwardingTimeouts": {
                    "dialTimeout": "5s",
                    "responseHeaderTimeout": "30s",
                    "idleConnTimeout": "60s",
                },
            },
        ),
        transport(
            "grpc-upstream",
            {
                "forwardingTimeouts": {
                    "dialTimeout": "5s",
                    "responseHeaderTimeout": "60s",
                    "idleConnTimeout": "60s",
                    "readIdleTimeout": "30s",
                    "pingTimeout": "15s",
                }
            },
        ),
        transport(
            "import-upstream",
            {
                "maxIdleConnsPerHost": 10,
                "forwardingTimeouts": {
                    "dialTimeout": "5s",
                    "responseHeaderTimeout": "300s",
                    "idleConnTimeout": "60s",
                },
            },
        ),
        transport(
            "errors-upstream",
            {
                "forwardingTimeouts": {
                    "dialTimeout": "2s",
                    "responseHeaderTimeout": "5s",
                    "idleConnTimeout": "60s",
                }
            },
        ),
    ]


def errors_app() -> list[dict[str, Any]]:
    """The problem-pages app: Deployment, Service, PDB and who may reach it."""
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta(ERRORS_APP, "gateway", "errors"),
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": selector("gateway", "errors")},
                "template": {
                    "metadata": {"labels": labels("gateway", "errors")},
                    "spec": pod_spec([_errors_container()]),
                },
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta(ERRORS_APP, "gateway", "errors"),
            "spec": {
                "type": "ClusterIP",
                "selector": selector("gateway", "errors"),
                "ports": [
                    {"name": "http", "port": ERRORS_PORT, "targetPort": "http", "protocol": "TCP"}
                ],
            },
        },
        pdb_named(ERRORS_APP, "gateway", "errors"),
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta(ERRORS_APP, "gateway", "errors"),
            "spec": {
                "podSelector": {"matchLabels": selector("gateway", "errors")},
                "policyTypes": ["Ingress"],
                "ingress": [
                    {"from": [GATEWAY_PEER], "ports": [{"protocol": "TCP", "port": ERRORS_PORT}]}
                ],
            },
        },
    ]


def _errors_container() -> dict[str, Any]:
    return {
        "name": "errors",
        "image": IMAGE,
        "command": ["crm-gateway-errors"],
        "env": [
            {"name": "CRM_GATEWAY_ERRORS_BIND", "value": f"0.0.0.0:{ERRORS_PORT}"},
            {"name": "CRM_GATEWAY_RETRY_AFTER", "value": "1"},
        ],
        "ports": [{"name": "http", "containerPort": ERRORS_PORT, "protocol": "TCP"}],
        "livenessProbe": http_probe("/livez", period=10, failures=3),
        "readinessProbe": http_probe("/livez", period=5, failures=2),
        "resources": {
            "requests": {"cpu": "50m", "memory": "64Mi"},
            "limits": {"cpu": "250m", "memory": "128Mi"},
        },
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - an emptyDir mount
    }
