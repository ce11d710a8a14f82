"""Traefik IngressRoutes: REST and gRPC paths per service, and the gateway's catch-all."""

from __future__ import annotations

import copy
from typing import Any

from .objects import meta
from .table import ERRORS_APP

SERVICE_TOKEN = r"^Bearer [A-Za-z0-9_-]+\.eyJ0eXAiOiJzZXJ2aWNlI"
REST_CHAIN = ("strip-identity-headers", "gateway-errors", "rate-limit-ip-ceiling")
REST_TAIL = ("body-limit", "retry-idempotent")


def ingress_route(service: str, http: int, grpc: int) -> dict[str, Any]:
    route = _ingress_route(service)
    routes = route["spec"]["routes"]
    prefix = f"PathPrefix(`/api/{service}/`)"
    # As gateway/dynamic/routes.yml: service-account tokens, anonymous callers, the rest.
    routes.insert(
        0,
        _rest_rule(
            f"HeaderRegexp(`Authorization`, `{SERVICE_TOKEN}`) && {prefix}",
            service,
            (*REST_CHAIN, "rate-limit-service", *REST_TAIL),
            300,
        ),
    )
    routes.insert(
        1,
        _rest_rule(
            f"!HeaderRegexp(`Authorization`, `.`) && {prefix}",
            service,
            ("strip-identity-headers", "gateway-errors", "rate-limit", *REST_TAIL),
            200,
        ),
    )
    if service == "contacts":
        routes.insert(0, _imports_route())
    if service == "identity":
        routes.insert(0, _token_route())
    if service == "support":
        routes.insert(0, _feedback_route())
    if service == "marketing":
        routes.insert(0, _public_writes_route())
    return route


def _rest_rule(match: str, service: str, chain: tuple[str, ...], priority: int) -> dict[str, Any]:
    return {
        "kind": "Rule",
        "match": match,
        "priority": priority,
        "middlewares": [{"name": m} for m in chain],
        "services": [
            {"name": f"{service}-web", "port": "http", "serversTransport": "web-upstream"}
        ],
    }


def _token_route() -> dict[str, Any]:
    """The token endpoint: stricter per-IP limit (forwardAuth), identity's own 413/429 pass."""
    return _rest_rule(
        "Path(`/api/identity/v1/auth/token`) || Path(`/api/identity/v1/auth/revoke`)",
        "identity",
        ("strip-identity-headers", "gateway-errors-upstream", "token-rate-limit"),
        900,
    )


def _feedback_route() -> dict[str, Any]:
    """support's public survey link: per-IP limit whatever token it carries, no retry."""
    return _unlogged_rule(
        r"PathRegexp(`^/api/support/v1/feedback/[A-Za-z0-9_.-]+$`)"
        " && !Path(`/api/support/v1/feedback/summary`)",
        "support",
        (
            "strip-identity-headers",
            "gateway-errors",
            "rate-limit-ip-ceiling",
            "rate-limit",
            "body-limit",
        ),
        900,
    )


def _public_writes_route() -> dict[str, Any]:
    """marketing's public form submissions and unsubscribes: a strict per-IP limit
    (forwardAuth), whatever Authorization header is sent; marketing's own 413/429 pass."""
    return _unlogged_rule(
        "(Method(`POST`) && PathRegexp(`^/api/marketing/v1/forms/[^/]+/submissions/?$`))"
        " || PathPrefix(`/api/marketing/v1/unsubscribe`)",
        "marketing",
        ("strip-identity-headers", "gateway-errors-upstream", "form-rate-limit"),
        900,
    )


def _unlogged_rule(*args: Any) -> dict[str, Any]:
    """A REST rule whose paths carry a link's signed token: no access log line for it
    (the service logs the request with the token cut out), as gateway/dynamic/routes.yml."""
    rule = _rest_rule(*args)
    rule["observability"] = {"accessLogs": False}
    return rule


def _imports_route() -> dict[str, Any]:
    """contacts' large CSV uploads: above the REST route, a larger body limit, no retry."""
    return {
        "kind": "Rule",
        "match": "Method(`POST`) && Path(`/api/contacts/v1/imports`)",
        "priority": 1000,
        "middlewares": [
            {"name": m} for m in (*REST_CHAIN, "rate-limit-client", "import-body-limit")
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
                    "priority": 100,
                    # Order as in gateway/dynamic/routes.yml; header stripping first (the
                    # local gateway does it on the entry point, see traefik-values.yaml).
                    "middlewares": [
                        {"name": m} for m in (*REST_CHAIN, "rate-limit-client", *REST_TAIL)
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
    """Any other path: a 404 problem+json from the problems app, not Traefik's text; and
    the front door, ``GET /`` (services, health, documentation, sign-in), from the same app
    (gateway/dynamic/routes.yml's gateway-front)."""
    route = _errors_app_route()
    front = copy.deepcopy(route["spec"]["routes"][0])
    front["match"] = "Path(`/`)"
    front["priority"] = 50
    route["spec"]["routes"].append(front)
    return route


def _errors_app_route() -> dict[str, Any]:
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


def bad_path_route() -> dict[str, Any]:
    """Encoded ? # % / ; or a backslash or NUL in a path: a 400 problem+json."""
    route = _errors_app_route()
    route["metadata"] = meta("gateway-bad-path", "gateway", "route")
    rule = route["spec"]["routes"][0]
    rule["match"] = "PathRegexp(`%`) || PathRegexp(`\\\\`) || PathRegexp(`\\x00`)"
    rule["priority"] = 5000
    rule["middlewares"] = [
        {"name": "strip-identity-headers"},
        {"name": "rate-limit-ip-ceiling"},
        {"name": "bad-path-problem"},
    ]
    return route


def token_limit_route() -> dict[str, Any]:
    """The token endpoint's limiter on Traefik's internal entry point (forwardAuth target)."""
    return _limit_route("token", "token")


def form_limit_route() -> dict[str, Any]:
    """The public form submissions' limiter, the same shape as the token endpoint's."""
    return _limit_route("forms", "form")


def _limit_route(path: str, prefix: str) -> dict[str, Any]:
    route = _errors_app_route()
    route["metadata"] = meta(f"gateway-{prefix}-limit", "gateway", "route")
    route["spec"]["entryPoints"] = ["traefik"]
    rule = route["spec"]["routes"][0]
    rule["match"] = f"PathPrefix(`/gateway/limits/{path}`)"
    rule["priority"] = 10
    rule["middlewares"] = [
        {"name": f"{prefix}-limit-errors"},
        {"name": f"{prefix}-rate-limit-bucket"},
    ]
    return route
