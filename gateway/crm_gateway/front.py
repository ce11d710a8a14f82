"""The gateway's front door: ``GET /`` lists the services, their health and documentation.

A small HTML page for people, or the same as JSON for ``Accept: application/json``. Health
is asked live of each service's web role (``/api/<service>/v1/health/ready`` at
``CRM_<SERVICE>_WEB_URL``, the upstreams of gateway/dynamic/routes.yml) with a short timeout,
all at once; the answer is kept for a moment so that reloads (or a crowd) do not turn into
a stream of probes, and so that this app's few threads stay free for the error pages and
the token limiter it also serves. Standard library only, like the problem pages.
"""

from __future__ import annotations

import html
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

DEFAULT_SERVICES = ("identity", "contacts", "sales", "billing", "support", "marketing")
FIRST_WEB_PORT = 8101
SIGN_IN = "/api/identity/v1/auth/token"
GRANT_TYPES = ("password", "refresh_token", "client_credentials")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

StartResponse = Callable[..., Any]
_cache: tuple[float, list[dict[str, Any]]] | None = None
_cache_lock = threading.Lock()


def services() -> list[str]:
    """The services to list: CRM_GATEWAY_SERVICES (comma-separated) or the suite's six."""
    named = os.environ.get("CRM_GATEWAY_SERVICES", "")
    wanted = [n.strip() for n in named.split(",") if n.strip()]
    return wanted or list(DEFAULT_SERVICES)


def web_url(service: str) -> str:
    """The service's web role, as routes.yml reaches it (same variables and defaults)."""
    index = DEFAULT_SERVICES.index(service) if service in DEFAULT_SERVICES else 0
    default = f"http://127.0.0.1:{FIRST_WEB_PORT + index}"
    return os.environ.get(f"CRM_{service.upper()}_WEB_URL", default).rstrip("/")


def _timeout() -> float:
    try:
        return min(max(float(os.environ.get("CRM_GATEWAY_FRONT_TIMEOUT", "1")), 0.05), 10.0)
    except ValueError:
        return 1.0


def check(service: str, timeout: float) -> dict[str, Any]:
    """``status``: ready (200), not ready (any other answer) or down (no answer in time)."""
    url = f"{web_url(service)}/api/{service}/v1/health/ready"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - our upstream
            code = answer.status
    except urllib.error.HTTPError as exc:
        code = exc.code
    except (OSError, ValueError) as exc:  # refused, timed out, unresolvable, bad URL
        reason = getattr(exc, "reason", exc)
        late = isinstance(reason, TimeoutError) or "timed out" in str(reason)
        detail = f"no answer within {timeout:g} s" if late else "not reachable"
        return {"status": "down", "http_status": None, "detail": detail}
    return {"status": "ready" if code == 200 else "not ready", "http_status": code}


def _describe(service: str, health: dict[str, Any]) -> dict[str, Any]:
    base = f"/api/{service}/v1"
    return {
        "name": service,
        **health,
        "health": f"{base}/health/ready",
        "docs": f"{base}/docs",
        "openapi": f"{base}/openapi.json",
    }


def overview(max_age: float = 2.0) -> dict[str, Any]:
    """Every service with its health and links, and how to sign in."""
    global _cache
    with _cache_lock:
        now = time.monotonic()
        if _cache is None or now - _cache[0] > max_age:
            names, timeout = services(), _timeout()
            with ThreadPoolExecutor(max_workers=len(names)) as pool:
                results = list(pool.map(lambda n: check(n, timeout), names))
            _cache = (
                time.monotonic(),
                [_describe(n, r) for n, r in zip(names, results, strict=True)],
            )
        listed = _cache[1]
    return {
        "name": "CRM suite",
        "services": listed,
        "sign_in": {
            "method": "POST",
            "href": SIGN_IN,
            "grant_types": list(GRANT_TYPES),
            "docs": "/api/identity/v1/docs",
        },
        "grpc": "gRPC on this same address: reflection and grpc.health.v1 per service",
    }


def wants_json(accept: str) -> bool:
    """True when the Accept header prefers application/json to text/html."""
    best: dict[str, float] = {}
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        best[media.strip().lower()] = max(quality, best.get(media.strip().lower(), 0.0))
    as_json = best.get("application/json", 0.0)
    return as_json > 0 and as_json > max(best.get("text/html", 0.0), best.get("*/*", 0.0) / 2)


_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .6rem;"
    "border-bottom:1px solid #ddd}.ready{color:#17703a}.down,.not-ready{color:#b3261e}"
    "code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow:auto}"
)


def render_html(doc: dict[str, Any]) -> str:
    """The front page; every value escaped."""
    e = html.escape
    rows = "".join(
        f'<tr><td>{e(s["name"])}</td><td class="{e(s["status"].replace(" ", "-"))}">'
        f"{e(s['status'])}{e(' (' + s['detail'] + ')' if s.get('detail') else '')}</td>"
        f'<td><a href="{e(s["docs"])}">API documentation</a></td>'
        f'<td><a href="{e(s["openapi"])}">openapi.json</a></td>'
        f'<td><a href="{e(s["health"])}">health</a></td></tr>'
        for s in doc["services"]
    )
    sign_in = doc["sign_in"]
    example = json.dumps(
        {"grant_type": "password", "username": "<e-mail>", "password": "<password>"}
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(doc['name'])}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{e(doc['name'])}</h1>"
        "<table><thead><tr><th>service</th><th>health</th><th colspan=3>documents</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        f"<h2>Sign in</h2><p><code>{e(sign_in['method'])} {e(sign_in['href'])}</code> "
        f"(grant types {e(', '.join(sign_in['grant_types']))}; "
        f'<a href="{e(sign_in["docs"])}">identity\'s documentation</a>), for example:</p>'
        f"<pre>{e(example)}</pre><p>then send <code>Authorization: Bearer &lt;access_token"
        "&gt;</code> with every call (in a documentation page: <em>Authorize</em>).</p>"
        f"<p>{e(doc['grpc'])}. This page as JSON: <code>Accept: application/json</code>.</p>"
        "</body></html>"
    )


def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """WSGI: ``GET``/``HEAD /`` (the problem pages app hands it this path)."""
    doc = overview()
    if wants_json(environ.get("HTTP_ACCEPT", "")):
        body, content_type = json.dumps(doc).encode(), "application/json"
    else:
        body, content_type = render_html(doc).encode(), "text/html; charset=utf-8"
    start_response(
        "200 OK",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("Vary", "Accept"),
            ("Content-Security-Policy", CSP),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
