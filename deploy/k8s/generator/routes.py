"""Traefik IngressRoutes: REST and gRPC paths per service, and the gateway's catch-all."""

from __future__ import annotations

from typing import Any

from .objects import meta
from .table import ERRORS_APP


def ingress_route(service: str, http: int, grpc: int) -> dict[str, Any]:
    route = _ingress_route(service)
    if service == "contacts":
        route["spec"]["routes"].insert(0, _imports_route())
    return route


def _imports_route() -> dict[str, Any]:
    """contacts' large CSV uploads: above the REST route, a larger body limit, no retry."""
    return {
        "kind": "Rule",
        "match": "Method(`POST`) && Path(`/api/contacts/v1/imports`)",
        "priority": 1000,
        "middlewares": [
            {"name": m}
            for m in ("strip-identity-headers", "gateway-errors", "rate-limit", "import-body-limit")
        ],
        "services": [
            {"name": "contacts-web", "port": "http", "serversTransport": "import-upstream"}
        ],
    }


def _ingress_route(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "traefik.io/v1alpha1",
        "kind": "IngressRoute",
        "metadata": meta(service, service, "route"),
        "spec": {
            "entryPoints": ["web"],
            "routes": [
                {
                    "kind": "Rule",
                    "match": f"PathPrefix(`/api/{service}/`)",
                    # Order as in gateway/dynamic/routes.yml; header stripping first (the
                    # local gateway does it on the entry point, see traefik-values.yaml).
                    "middlewares": [
                        {"name": m}
                        for m in (
                            "strip-identity-headers",
                            "gateway-errors",
                            "rate-limit",
                            "body-limit",
                            "retry-idempotent",
                        )
                    ],
                    "services": [
                        {
                            "name": f"{service}-web",
                            "port": "http",
                            "serversTransport": "web-upstream",
                        }
                    ],
                },
                {
                    "kind": "Rule",
                    "match": f"PathPrefix(`/crm.{service}.v1.`)",
                    # No rate limit/retry/errors on gRPC: plain-HTTP failures would reach
                    # gRPC clients as retryable UNAVAILABLE (docs/architecture.md).
                    "middlewares": [{"name": "strip-identity-headers"}],
                    "services": [
                        {
                            "name": f"{service}-grpc",
                            "port": "grpc",
                            "scheme": "h2c",
                            "serversTransport": "grpc-upstream",
                        }
                    ],
                },
            ],
        },
    }


def not_found_route() -> dict[str, Any]:
    """Any other path: a 404 problem+json from the problems app, not Traefik's text."""
    return {
        "apiVersion": "traefik.io/v1alpha1",
        "kind": "IngressRoute",
        "metadata": meta("gateway-not-found", "gateway", "route"),
        "spec": {
            "entryPoints": ["web"],
            "routes": [
                {
                    "kind": "Rule",
                    "match": "PathPrefix(`/`)",
                    "priority": 1,
                    "middlewares": [{"name": "strip-identity-headers"}, {"name": "rate-limit"}],
                    "services": [
                        {"name": ERRORS_APP, "port": "http", "serversTransport": "errors-upstream"}
                    ],
                }
            ],
        },
    }
