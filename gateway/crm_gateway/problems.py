"""WSGI app answering Traefik's errors middleware with RFC 9457 problem documents.

Traefik calls ``GET /problems/{status}?url={url}`` on this app when a router's response has a
status the ``gateway-errors`` middleware maps (413, 429, 502, 504); the body and headers of
this answer replace Traefik's plain-text page. Any other path answers 404 as a problem too:
the gateway's catch-all router sends unmatched requests here.

Types and titles follow crm_chassis.errors (same ``TYPE_BASE`` and slugs) so a client sees one
vocabulary whether the service or the gateway refused. The app is deliberately plain WSGI
with no dependency but the standard library: it must stay up when everything else is down.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crm_gateway import front

TYPE_BASE = "https://crm.example/problems/"
PROBLEM_JSON = "application/problem+json"

# status -> (slug, title, detail). Slugs match crm_chassis.errors.KINDS where both exist.
PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: (
        "bad-request",
        "Bad Request",
        "The path holds an encoded '?', '#', '%', '/', ';', a backslash or a NUL character.",
    ),
    404: ("not-found", "Not Found", "No API route matches this path."),
    405: ("method-not-allowed", "Method Not Allowed", "The front page answers GET and HEAD."),
    413: (
        "too-large",
        "Content Too Large",
        "The request body exceeds the size the gateway accepts.",
    ),
    414: (
        "uri-too-long",
        "URI Too Long",
        "The request's URL is longer than the gateway accepts.",
    ),
    429: (
        "rate-limited",
        "Too Many Requests",
        "Too many requests from this client; retry after the delay in Retry-After.",
    ),
    431: (
        "header-fields-too-large",
        "Request Header Fields Too Large",
        "The request's headers are larger than the gateway accepts.",
    ),
    500: ("internal", "Internal Server Error", "The gateway failed to handle the request."),
    502: (
        "bad-gateway",
        "Bad Gateway",
        "The service behind this path is not reachable or closed the connection.",
    ),
    503: ("unavailable", "Service Unavailable", "The service behind this path is unavailable."),
    504: (
        "gateway-timeout",
        "Gateway Timeout",
        "The service behind this path did not answer in time.",
    ),
}

_PROBLEM_PATH = re.compile(r"^/problems/(\d{3})/?$")

StartResponse = Callable[..., Any]


def retry_after_seconds() -> str:
    """Return the Retry-After value for 429 (CRM_GATEWAY_RETRY_AFTER, default 1 second).

    Traefik's rate limiter computes its own Retry-After, but the errors middleware discards the
    original response's headers, so this app must set one itself. One period of the rate
    limit (1 s by default) is when a token is certainly available again.
    """
    value = os.environ.get("CRM_GATEWAY_RETRY_AFTER", "1").strip()
    return value if value.isdigit() else "1"


def problem(status: int, instance: str | None = None) -> dict[str, Any]:
    """Build the problem document for ``status`` (unknown statuses get a generic one)."""
    if status in PROBLEMS:
        slug, title, detail = PROBLEMS[status]
    else:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        slug, title, detail = "gateway-error", phrase, "The gateway could not serve the request."
    doc: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        doc["instance"] = instance
    return doc


def _query_retry_after(query_string: str) -> str:
    """The limit's own Retry-After when its errors middleware names one (``retry_after=``),
    else :func:`retry_after_seconds`."""
    values = parse_qs(query_string).get("retry_after")
    if values and values[0].isdigit() and 0 < int(values[0]) <= 86400:
        return values[0]
    return retry_after_seconds()


def _original_path(query_string: str) -> str | None:
    """Extract the original request path from ``url=`` (query string dropped: may hold data)."""
    values = parse_qs(query_string).get("url")
    if not values:
        return None
    path = urlsplit(values[0]).path
    return path if path.startswith("/") else None


def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """WSGI entry point."""
    path = environ.get("PATH_INFO") or "/"
    if path == "/livez":
        return _respond(start_response, 200, "application/json", {"status": "ok"}, {})
    if path == "/":
        # The front door (router gateway-front): services, health, documentation, sign-in.
        if environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
            return front.app(environ, start_response)
        allow = {"Allow": "GET, HEAD", "Cache-Control": "no-store"}
        return _respond(start_response, 405, PROBLEM_JSON, problem(405, path), allow)
    if path.startswith("/gateway/limits/"):
        # Asked by the gateway's forwardAuth limiters once the request is within its limit.
        start_response("204 No Content", [("Content-Length", "0")])
        return [b""]
    match = _PROBLEM_PATH.match(path)
    if match:
        status = int(match.group(1))
        if not 400 <= status <= 599:
            status = 500
        instance = _original_path(environ.get("QUERY_STRING", ""))
    else:
        # Reached through the gateway's catch-all router: the path itself matched nothing.
        status, instance = 404, path
    headers = {"Cache-Control": "no-store"}
    if status == 429:
        headers["Retry-After"] = _query_retry_after(environ.get("QUERY_STRING", ""))
    return _respond(start_response, status, PROBLEM_JSON, problem(status, instance), headers)


def _respond(
    start_response: StartResponse,
    status: int,
    content_type: str,
    body: dict[str, Any],
    extra: dict[str, str],
) -> list[bytes]:
    data = json.dumps(body, separators=(",", ":")).encode()
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    headers = [("Content-Type", content_type), ("Content-Length", str(len(data)))]
    headers.extend(extra.items())
    start_response(f"{status} {phrase}", headers)
    return [data]
