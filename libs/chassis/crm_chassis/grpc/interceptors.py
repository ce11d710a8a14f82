"""Server interceptors: correlation and call logging, error mapping, authentication.

Each interceptor runs one context manager (its ``scope``) around a call. For a
response-streaming RPC the scope spans the whole iteration of the response stream, not
just the call that creates it, so the principal, the correlation id and the error mapping
hold while messages are produced. :func:`server_interceptors` returns them in the order
they must run, outermost first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any

import grpc
import structlog
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from opentelemetry import trace
from opentelemetry.instrumentation.grpc import filters, server_interceptor

from crm_chassis import context as crm_context
from crm_chassis import limits
from crm_chassis.auth.tokens import TokenVerifier, bearer_token
from crm_chassis.db.unavailable import DETAIL, database_unavailable
from crm_chassis.errors import AppError, BadRequest, Unauthenticated
from crm_chassis.logging import get_logger
from crm_chassis.ops import metrics

CORRELATION_HEADER = "x-correlation-id"
AUTHORIZATION_HEADER = "authorization"
STATUS_DETAILS_HEADER = "grpc-status-details-bin"
# Infrastructure every server exposes without a token: probes and tooling must reach them.
ALWAYS_PUBLIC_SERVICES = (
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
)
INTERNAL_MESSAGE = "Internal server error."
# A correlation id from a client ends up in every log line: accept only a short token.
_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def _log() -> Any:
    # Looked up per use, not cached at import, so a test's structlog capture sees it.
    return get_logger("crm_chassis.grpc")


# The caller's subject, set by the auth scope and read by the logging scope (outer) when it
# writes the call's line, after the auth scope has already cleared the principal.
_call_subject: ContextVar[str | None] = ContextVar("crm_grpc_call_subject", default=None)

Scope = Callable[[grpc.ServicerContext], AbstractContextManager[None]]


def service_of(method: str) -> str:
    """Return the full service name of a ``/package.Service/Method`` path."""
    return method.lstrip("/").partition("/")[0]


def _metadata(details: grpc.HandlerCallDetails, key: str) -> str | None:
    for item in details.invocation_metadata or ():
        if item.key == key:
            return item.value if isinstance(item.value, str) else None
    return None


def _wrap(handler: grpc.RpcMethodHandler, scope: Scope) -> grpc.RpcMethodHandler:
    """Return ``handler`` with ``scope(context)`` entered around its behavior."""
    if handler.response_streaming:
        inner = handler.stream_stream if handler.request_streaming else handler.unary_stream

        def behavior(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            with scope(context):
                yield from inner(request, context)

        factory = (
            grpc.stream_stream_rpc_method_handler
            if handler.request_streaming
            else grpc.unary_stream_rpc_method_handler
        )
    else:
        inner = handler.stream_unary if handler.request_streaming else handler.unary_unary

        def behavior(request: Any, context: grpc.ServicerContext) -> Any:  # type: ignore[misc]
            with scope(context):
                return inner(request, context)

        factory = (
            grpc.stream_unary_rpc_method_handler
            if handler.request_streaming
            else grpc.unary_unary_rpc_method_handler
        )
    return factory(
        behavior,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


class ScopeInterceptor(grpc.ServerInterceptor):
    """Base: run :meth:`scope` around every call this server handles."""

    def scope(
        self, details: grpc.HandlerCallDetails, context: grpc.ServicerContext
    ) -> AbstractContextManager[None]:
        raise NotImplementedError

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:  # unknown method: grpc answers UNIMPLEMENTED
            return None
        return _wrap(handler, lambda context: self.scope(handler_call_details, context))


class CorrelationLoggingInterceptor(ScopeInterceptor):
    """Adopt or mint the correlation id and log one line per call (method, code, duration)."""

    def __init__(self) -> None:
        # Pool threads start with empty context variables; carry over what the entrypoint
        # bound (service, role) when the server was built, so handler log lines have them.
        self._bound = dict(structlog.contextvars.get_contextvars())

    @contextmanager
    def scope(
        self, details: grpc.HandlerCallDetails, context: grpc.ServicerContext
    ) -> Iterator[None]:
        started = time.perf_counter()
        offered = _metadata(details, CORRELATION_HEADER)
        cid = crm_context.set_correlation(
            offered if offered and _CORRELATION_ID.match(offered) else None
        )
        subject_token = _call_subject.set(None)
        context.set_trailing_metadata(((CORRELATION_HEADER, cid),))
        code: grpc.StatusCode | None = None
        try:
            bound = {**self._bound, "correlation_id": cid}
            with structlog.contextvars.bound_contextvars(**bound):
                try:
                    yield
                    code = context.code() or grpc.StatusCode.OK
                except Exception:
                    code = context.code() or grpc.StatusCode.UNKNOWN
                    raise
                except BaseException:  # GeneratorExit: the client went away mid-stream
                    code = grpc.StatusCode.CANCELLED
                    raise
                finally:
                    self._write_line(details.method, code, started)
        finally:
            _call_subject.reset(subject_token)
            crm_context.clear()

    @staticmethod
    def _write_line(method: str, code: grpc.StatusCode | None, started: float) -> None:
        code = code or grpc.StatusCode.UNKNOWN
        elapsed = time.perf_counter() - started
        metrics.observe_grpc(method, code.name, elapsed)
        fields = {"method": method, "code": code.name, "duration_ms": round(elapsed * 1000, 2)}
        subject = _call_subject.get()
        if subject:
            fields["subject"] = subject
        # Probes call Health every few seconds; their lines would drown the rest.
        if service_of(method) in ALWAYS_PUBLIC_SERVICES:
            _log().debug("grpc.call", **fields)
        elif code in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN):
            _log().error("grpc.call", **fields)
        else:
            _log().info("grpc.call", **fields)


def _status_details(code: grpc.StatusCode, message: str, error: AppError) -> bytes:
    """Encode field errors as a google.rpc.Status with BadRequest (rich error model)."""
    bad_request = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=e.field, description=e.message)
            for e in error.errors
        ]
    )
    packed = any_pb2.Any()
    packed.Pack(bad_request)
    status = status_pb2.Status(code=code.value[0], message=message, details=[packed])
    return status.SerializeToString()


def _aborted_by_handler(error: Exception, context: grpc.ServicerContext) -> bool:
    # grpc's context.abort() records the status and raises a bare Exception(); that status
    # is already what the handler meant to send.
    return type(error) is Exception and not error.args and context.code() is not None


class ErrorMappingInterceptor(ScopeInterceptor):
    """Turn an AppError into its kind's status; anything else into a generic INTERNAL."""

    @contextmanager
    def scope(
        self, details: grpc.HandlerCallDetails, context: grpc.ServicerContext
    ) -> Iterator[None]:
        try:
            yield
        except AppError as error:
            if error.kind == "internal":
                self._internal(details, context, error)
            spec = error.spec
            message = error.detail or spec.title
            if error.errors:
                rich = _status_details(grpc.StatusCode[spec.grpc_name], message, error)
                trailing = tuple(context.trailing_metadata() or ())
                context.set_trailing_metadata((*trailing, (STATUS_DETAILS_HEADER, rich)))
            context.abort(grpc.StatusCode[spec.grpc_name], message)
        except Exception as error:
            if _aborted_by_handler(error, context):
                raise
            if database_unavailable(error):
                # The caller's retry policy (UNAVAILABLE only) and its 503 follow from this.
                _log().warning("grpc.database_unavailable", method=details.method)
                context.abort(grpc.StatusCode.UNAVAILABLE, DETAIL)
            self._internal(details, context, error)

    @staticmethod
    def _internal(
        details: grpc.HandlerCallDetails, context: grpc.ServicerContext, error: Exception
    ) -> None:
        _log().error(
            "grpc.unhandled_error",
            method=details.method,
            error_type=type(error).__name__,
            exc_info=error,
        )
        # The client gets a reference to find the log line, never the exception's text.
        span = trace.get_current_span().get_span_context()
        reference = format(span.trace_id, "032x") if span.is_valid else crm_context.correlation_id()
        context.abort(grpc.StatusCode.INTERNAL, f"{INTERNAL_MESSAGE} Reference: {reference}")


class AuthInterceptor(ScopeInterceptor):
    """Require a valid bearer token on every method but health, reflection and the public ones.

    Without a verifier the server fails closed: every non-public method is refused.
    """

    def __init__(
        self, verifier: TokenVerifier | None, public_methods: Iterable[str] = frozenset()
    ) -> None:
        self._verifier = verifier
        self._public = frozenset(public_methods)

    def is_public(self, method: str) -> bool:
        return method in self._public or service_of(method) in ALWAYS_PUBLIC_SERVICES

    @contextmanager
    def scope(
        self, details: grpc.HandlerCallDetails, context: grpc.ServicerContext
    ) -> Iterator[None]:
        if self.is_public(details.method):
            yield
            return
        token = bearer_token(_metadata(details, AUTHORIZATION_HEADER))
        if self._verifier is None:
            raise Unauthenticated("This server accepts no access tokens.")
        principal = self._verifier.verify(token)
        crm_context.set_principal(principal, token)
        _call_subject.set(principal.subject)
        try:
            with structlog.contextvars.bound_contextvars(subject=principal.subject):
                yield
        finally:
            crm_context.set_principal(None)


class RequestLimitsInterceptor(grpc.ServerInterceptor):
    """Refuse, before the servicer runs, a request whose strings are too long (searches and
    page tokens over 1,000 characters, any other over 10,000) or hold control characters,
    or whose Timestamps lie outside the sane years: INVALID_ARGUMENT naming the fields.
    It runs after authentication, so an unauthenticated caller learns nothing of schemas."""

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None or handler.request_streaming:
            return handler
        if service_of(handler_call_details.method) in ALWAYS_PUBLIC_SERVICES:
            return handler
        streaming = handler.response_streaming
        inner = handler.unary_stream if streaming else handler.unary_unary

        def check(request: Any) -> None:
            found = limits.message_problems(request) if hasattr(request, "ListFields") else []
            if found:
                raise BadRequest("The request is not valid.", errors=found)

        def unary(request: Any, context: grpc.ServicerContext) -> Any:
            check(request)
            return inner(request, context)

        def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            check(request)
            yield from inner(request, context)

        factory = (
            grpc.unary_stream_rpc_method_handler
            if streaming
            else (grpc.unary_unary_rpc_method_handler)
        )
        return factory(
            stream if streaming else unary,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def server_interceptors(
    verifier: TokenVerifier | None,
    public_methods: Iterable[str] = frozenset(),
    *,
    tracer_provider: Any = None,
) -> list[grpc.ServerInterceptor]:
    """Return the chassis interceptors, outermost first: tracing, logging, errors, auth,
    request limits."""
    return [
        # Health probes would fill the trace store with one-span traces.
        server_interceptor(
            tracer_provider=tracer_provider, filter_=filters.negate(filters.health_check())
        ),
        CorrelationLoggingInterceptor(),
        ErrorMappingInterceptor(),
        AuthInterceptor(verifier, public_methods),
        RequestLimitsInterceptor(),
    ]
