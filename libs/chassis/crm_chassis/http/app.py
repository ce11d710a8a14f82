"""The Flask app factory: every failure becomes problem+json, never an HTML page or a trace."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from crm_chassis import context, pagination
from crm_chassis import logging as crm_logging
from crm_chassis.auth.policy import AccessPolicy
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.config import ServiceSettings
from crm_chassis.db import Database
from crm_chassis.db.unavailable import DETAIL, RETRY_AFTER_SECONDS, database_unavailable
from crm_chassis.errors import AppError, TooLarge, kind_for_status, problem
from crm_chassis.http import meta
from crm_chassis.http.api import Api
from crm_chassis.http.declare import RouteSpec
from crm_chassis.http.docs_ui import ENDPOINT_PREFIX as DOCS_UI
from crm_chassis.http.docs_ui import install_docs_ui
from crm_chassis.http.idempotency import IdempotencyStore
from crm_chassis.log_redaction import redact_path
from crm_chassis.ops import metrics

log = crm_logging.get_logger("crm.http")
PROBLEM = "application/problem+json"


@dataclass
class CrmExtension:
    settings: ServiceSettings
    api: Api
    db: Database | None
    verifier: TokenVerifier
    access: AccessPolicy
    idempotency: IdempotencyStore | None
    service: Any = None


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body), status=body["status"], content_type=PROBLEM)
    response.headers.update(headers or {})
    cid = context.correlation_id()
    if cid:
        response.headers["X-Correlation-Id"] = cid
    return response


def _handle_app_error(exc: AppError) -> Response:
    if exc.spec.status >= 500:
        log.warning("http.unavailable", kind=exc.kind, detail=exc.detail)
    headers = dict(exc.headers)
    if exc.kind == "unauthenticated":
        headers.setdefault("WWW-Authenticate", 'Bearer realm="crm"')
    return problem_response(exc.problem(instance=request.path), headers)


def _handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    kind = kind_for_status(status)
    detail = {
        404: "No resource lives at this address.",
        405: f"{request.method} is not allowed here.",
        413: "The request body is too large.",
    }.get(status, exc.description or "")
    body = (
        problem(kind, detail, instance=request.path)
        if kind != "internal"
        else {
            "type": "about:blank",
            "title": exc.name,
            "status": status,
            "detail": detail,
        }
    )
    headers = {}
    valid_methods = getattr(exc, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    return problem_response(body, headers)


def _handle_unexpected(exc: Exception) -> Response:
    if database_unavailable(exc):
        # Down, refusing or out of pooled connections: a retryable 503, never a 500.
        log.warning("http.database_unavailable", error_type=type(exc).__name__)
        body = problem("unavailable", DETAIL, instance=request.path)
        return problem_response(body, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    trace_id = getattr(g, "trace_ref", None) or uuid.uuid4().hex
    log.exception("http.unhandled_error", error_type=type(exc).__name__, trace_ref=trace_id)
    body = problem("internal", "An unexpected error occurred.", instance=request.path)
    body["trace_id"] = trace_id
    return problem_response(body)


def create_app(
    settings: ServiceSettings,
    api: Api,
    *,
    db: Database | None,
    verifier: TokenVerifier,
    access: AccessPolicy,
    idempotency_table: sa.Table | None = None,
    init: Callable[[Flask], None] | None = None,
    service: Any = None,
) -> Flask:
    """Build the service's Flask app around its declared :class:`Api` and wired ``service``."""
    app = Flask(f"crm_{api.service}")
    pagination.use_cursor_secret(settings.cursor_key())
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.extensions["crm"] = CrmExtension(
        settings=settings,
        api=api,
        db=db,
        verifier=verifier,
        access=access,
        idempotency=IdempotencyStore(db, idempotency_table)
        if db and idempotency_table is not None
        else None,
        service=service,
    )
    _install_request_hooks(app, api, settings)
    app.register_error_handler(AppError, _handle_app_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
    if api.spec_for(f"{meta.bp.name}.openapi_document") is None:
        # An Api may back several apps (tests build many); declare the built-ins once.
        api.include(meta.bp)
    api.register(app)
    install_docs_ui(app, api)
    if init is not None:
        init(app)
    _refuse_undeclared_routes(app, api)
    # Outside the API's base: not in its document, and the gateway routes only /api/...
    app.add_url_rule("/metrics", "crm_metrics", _metrics)
    _instrument(app)
    return app


def _metrics() -> Response:
    """Prometheus exposition of this web role (all gunicorn workers summed)."""
    body, content_type = metrics.render()
    return Response(body, content_type=content_type)


def _refuse_undeclared_routes(app: Flask, api: Api) -> None:
    """Every route under the API's base is a declared one, so the document lists them all
    (but the documentation page and its assets: they render the document, not the API)."""
    undeclared = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(api.base)
        and api.spec_for(rule.endpoint) is None
        and not (rule.endpoint or "").startswith(DOCS_UI)
    )
    if undeclared:
        raise RuntimeError(f"routes outside the declared API (not in its document): {undeclared}")


def _body_limit(spec: RouteSpec | None, settings: ServiceSettings) -> int:
    wanted = spec.max_body_bytes if spec else None
    if isinstance(wanted, str):
        return int(getattr(settings, wanted))
    return wanted or settings.max_body_bytes


# Bodies up to this size are read to their end even when refused (the gateway accepts 2 MiB
# where services take 1 MiB), so the connection can carry the next request.
DRAIN_AT_LEAST = 4 * 1024 * 1024


def _drain_unread_body(limit: int) -> None:
    """Read what the view left unread of the request body, up to ``limit`` bytes.

    A request refused before its body is read (401, 403, 413, 415) leaves it on the socket.
    gunicorn drains at most 64 KiB of it before serving the next request of a keep-alive
    connection, and past that closes the connection after an answer that promised to keep
    it: the gateway's next request on that pooled connection then fails with 502 (found by
    schemathesis through the gateway: a 401 to a 110 KB body, then a 502 for a small one).
    """
    stream = request.environ.get("wsgi.input")
    if stream is None or (not request.content_length and not _chunked()):
        return
    left = limit
    try:
        while left > 0:
            chunk = stream.read(min(65536, left))
            if not chunk:
                return
            left -= len(chunk)
    except (OSError, ValueError):  # a client gone mid-body: nothing left to keep alive
        return


def _chunked() -> bool:
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def _install_request_hooks(app: Flask, api: Api, settings: ServiceSettings) -> None:
    @app.before_request
    def _begin() -> None:
        g.started = time.perf_counter()
        cid = request.headers.get("X-Correlation-Id") or request.headers.get("X-Request-Id")
        cid = context.set_correlation(cid[:100] if cid else None)
        crm_logging.bind(correlation_id=cid)
        limit = _body_limit(api.spec_for(request.endpoint), settings)
        request.max_content_length = limit
        g.body_limit = limit
        length = request.content_length
        if length is not None and length > limit:
            raise TooLarge("The request body is too large.")

    @app.after_request
    def _end(response: Response) -> Response:
        _drain_unread_body(max(g.get("body_limit", settings.max_body_bytes), DRAIN_AT_LEAST))
        cid = context.correlation_id()
        if cid:
            response.headers.setdefault("X-Correlation-Id", cid)
        response.headers.setdefault("Cache-Control", "no-store")
        principal = context.optional_principal()
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        # The URL rule, not the path: ids in paths would make a series per resource.
        route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        metrics.observe_http(route, request.method, response.status_code, elapsed)
        log.info(
            "http.request",
            method=request.method,
            path=redact_path(request.path, request.view_args),
            status=response.status_code,
            duration_ms=round(elapsed * 1000, 2),
            principal=principal.subject if principal else None,
        )
        return response

    @app.teardown_request
    def _clear(_: BaseException | None) -> None:
        context.clear()
        crm_logging.unbind("correlation_id")


def _instrument(app: Flask) -> None:
    from crm_chassis import tracing

    if not tracing.recording():
        from crm_chassis.http.trace_context import propagate_trace_context

        propagate_trace_context(app)
        return
    try:
        from opentelemetry.instrumentation.flask import FlaskInstrumentor

        FlaskInstrumentor().instrument_app(app, excluded_urls="health/live,health/ready,/metrics")
    except Exception:  # noqa: BLE001 - tracing must never stop the API from starting
        log.warning("http.tracing_unavailable")
