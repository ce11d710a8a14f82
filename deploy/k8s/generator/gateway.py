"""gateway.yaml: Traefik Middlewares and ServersTransports, the problem-pages app, catch-all,
the gRPC directory (directory.py)."""

from __future__ import annotations

from typing import Any

from .directory import directory_documents
from .objects import http_probe, labels, meta, pdb_named, pod_spec, selector
from .routes import bad_path_route, form_limit_route, not_found_route, token_limit_route
from .table import (
    CONTAINER_SECURITY,
    ERRORS_APP,
    ERRORS_PORT,
    GATEWAY_IMAGE,
    GATEWAY_PEER,
    SERVICES,
)

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
    return [
        *middlewares(),
        *transports(),
        *errors_app(),
        not_found_route(),
        bad_path_route(),
        token_limit_route(),
        form_limit_route(),
        *directory_documents(),
    ]


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
        # Per client (gateway/dynamic/middlewares.yml): anonymous per IP, bearer tokens per
        # Authorization header, service-account tokens higher, a per-IP ceiling for all.
        middleware("rate-limit", _rate(50, 100)),
        middleware("rate-limit-client", _rate(50, 100, header="Authorization")),
        middleware("rate-limit-service", _rate(500, 1000, header="Authorization")),
        middleware("rate-limit-ip-ceiling", _rate(1000, 2000)),
        # The token endpoint: a forwardAuth to Traefik's own internal entry point (port 8080
        # in the chart), where the route gateway-token-limit applies the stricter limit.
        middleware("token-rate-limit", _forward("http://127.0.0.1:8080/gateway/limits/token")),
        middleware("token-rate-limit-bucket", _per_ip_minute(10, 20)),
        middleware("token-limit-errors", _errors(["429"], "&retry_after=6")),
        # Public form submissions and unsubscribes (marketing): 5 a minute per IP, burst 10.
        middleware("form-rate-limit", _forward("http://127.0.0.1:8080/gateway/limits/forms")),
        middleware("form-rate-limit-bucket", _per_ip_minute(5, 10)),
        middleware("form-limit-errors", _errors(["429"], "&retry_after=12")),
        middleware("bad-path-problem", {"replacePath": {"path": "/problems/400"}}),
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
        middleware("gateway-errors", _errors(["413", "414", "429", "431", "502", "504"])),
        # The token endpoint's route: identity's own 413 and 429 (with Retry-After) pass.
        middleware("gateway-errors-upstream", _errors(["414", "431", "502", "504"])),
    ]


def _forward(address: str) -> dict[str, Any]:
    return {"forwardAuth": {"address": address, "trustForwardHeader": False}}


def _per_ip_minute(average: int, burst: int) -> dict[str, Any]:
    return {
        "rateLimit": {
            "average": average,
            "burst": burst,
            "period": "1m",
            "sourceCriterion": {"ipStrategy": {"depth": 1}},
        }
    }


def _rate(average: int, burst: int, *, header: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"average": average, "burst": burst, "period": "1s"}
    if header:
        spec["sourceCriterion"] = {"requestHeaderName": header}
    return {"rateLimit": spec}


def _errors(status: list[str], extra_query: str = "") -> dict[str, Any]:
    return {
        "errors": {
            "status": status,
            "query": "/problems/{status}?url={url}" + extra_query,
            "service": {"name": ERRORS_APP, "port": "http"},
        }
    }


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
        "image": GATEWAY_IMAGE,
        "command": ["crm-gateway-errors"],
        "env": [
            {"name": "CRM_GATEWAY_ERRORS_BIND", "value": f"0.0.0.0:{ERRORS_PORT}"},
            {"name": "CRM_GATEWAY_RETRY_AFTER", "value": "1"},
            # The front page (GET /) asks each web role's health/ready itself.
            *(
                {"name": f"CRM_{name.upper()}_WEB_URL", "value": f"http://{name}-web:{http}"}
                for name, (http, _) in SERVICES.items()
            ),
        ],
        "ports": [{"name": "http", "containerPort": ERRORS_PORT, "protocol": "TCP"}],
        "startupProbe": http_probe("/livez", period=2, failures=15),
        "livenessProbe": http_probe("/livez", period=10, failures=3),
        "readinessProbe": http_probe("/livez", period=5, failures=2),
        "resources": {
            "requests": {"cpu": "50m", "memory": "64Mi"},
            "limits": {"cpu": "250m", "memory": "128Mi"},
        },
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - an emptyDir mount
    }
