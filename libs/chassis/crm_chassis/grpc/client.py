"""Calling another service over gRPC: a channel that retries idempotent reads, and a call
helper that always sends a deadline, the bearer token and the correlation id.

Create channels after a process forks (gunicorn workers), one per target, and reuse it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import grpc
from google.protobuf import descriptor_pool
from google.rpc import error_details_pb2, status_pb2
from opentelemetry.instrumentation.grpc import client_interceptor, grpcext

from crm_chassis import context as crm_context
from crm_chassis import errors
from crm_chassis.grpc.interceptors import (
    AUTHORIZATION_HEADER,
    CORRELATION_HEADER,
    STATUS_DETAILS_HEADER,
)

# Read RPCs by naming convention (Get, BatchGet, List, Search): idempotent, so safe to retry.
READ_PREFIXES = ("Get", "BatchGet", "List", "Search")
RETRY_POLICY = {
    "maxAttempts": 4,
    "initialBackoff": "0.1s",
    "maxBackoff": "1s",
    "backoffMultiplier": 2,
    # Only UNAVAILABLE: the server did not process the call. DEADLINE_EXCEEDED may have.
    "retryableStatusCodes": ["UNAVAILABLE"],
}
HEALTH_CHECK = {"service": "grpc.health.v1.Health", "method": "Check"}


def read_methods(service: str) -> list[dict[str, str]]:
    """Return service-config names of the read methods of a full service name.

    The service's generated ``*_pb2`` module must have been imported (it registers the
    descriptor).
    """
    try:
        descriptor = descriptor_pool.Default().FindServiceByName(service)
    except KeyError:
        raise ValueError(f"unknown service {service!r}: import its _pb2 module first") from None
    return [
        {"service": service, "method": m.name}
        for m in descriptor.methods
        if m.name.startswith(READ_PREFIXES)
    ]


def service_config(services: Iterable[str] = (), *, retry_reads: bool = True) -> str:
    """Return the JSON service config retrying UNAVAILABLE for the reads of ``services``."""
    if not retry_reads:
        return json.dumps({"methodConfig": []})
    names = [HEALTH_CHECK]
    for service in services:
        names.extend(read_methods(service))
    return json.dumps({"methodConfig": [{"name": names, "retryPolicy": RETRY_POLICY}]})


def channel(
    target: str,
    *,
    retry_reads: bool = True,
    services: Iterable[str] = (),
    options: Sequence[tuple[str, Any]] = (),
    tracer_provider: Any = None,
) -> grpc.Channel:
    """Open an insecure, traced channel to ``target`` (``host:port``).

    With ``retry_reads`` the read RPCs (Get*, BatchGet*, List*, Search*) of the named
    ``services`` (``"crm.contacts.v1.ContactsService"``) and the health check are retried
    on UNAVAILABLE; nothing else is, since writes are not idempotent.
    """
    config = service_config(services, retry_reads=retry_reads)
    base = grpc.insecure_channel(
        target,
        options=[
            ("grpc.enable_retries", 1 if retry_reads else 0),
            ("grpc.service_config", config),
            *options,
        ],
    )
    # OTel's client interceptor implements its own grpcext interface, not grpc's.
    return grpcext.intercept_channel(base, client_interceptor(tracer_provider=tracer_provider))


def call(
    method: Callable[..., Any],
    request: Any,
    *,
    token: str,
    timeout: float = 5.0,
    metadata: Iterable[tuple[str, str | bytes]] = (),
) -> Any:
    """Invoke a stub method with a deadline, the bearer token and the correlation id.

    Raises :class:`grpc.RpcError` as the stub does; :func:`to_app_error` translates one.
    """
    if not token:
        raise ValueError("a bearer token is required for every call")
    if not timeout or timeout <= 0:
        raise ValueError("every call needs a positive timeout")
    sent = [(k, v) for k, v in metadata if k.lower() != AUTHORIZATION_HEADER]
    sent.append((AUTHORIZATION_HEADER, f"Bearer {token}"))
    cid = crm_context.correlation_id()
    if cid and not any(k.lower() == CORRELATION_HEADER for k, _ in sent):
        sent.append((CORRELATION_HEADER, cid))
    return method(request, timeout=timeout, metadata=sent)


_CODE_TO_ERROR: dict[grpc.StatusCode, type[errors.AppError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: errors.ValidationFailed,
    grpc.StatusCode.UNAUTHENTICATED: errors.Unauthenticated,
    grpc.StatusCode.PERMISSION_DENIED: errors.Forbidden,
    grpc.StatusCode.NOT_FOUND: errors.NotFound,
    grpc.StatusCode.ALREADY_EXISTS: errors.AlreadyExists,
    grpc.StatusCode.FAILED_PRECONDITION: errors.Conflict,
    grpc.StatusCode.RESOURCE_EXHAUSTED: errors.RateLimited,
    grpc.StatusCode.UNAVAILABLE: errors.Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: errors.Unavailable,
}


def _field_errors(error: grpc.RpcError) -> list[errors.FieldError]:
    for key, value in getattr(error, "trailing_metadata", lambda: ())() or ():
        if key != STATUS_DETAILS_HEADER or not isinstance(value, bytes):
            continue
        status = status_pb2.Status.FromString(value)
        found = []
        for detail in status.details:
            bad = error_details_pb2.BadRequest()
            if detail.Unpack(bad):
                found.extend(
                    errors.FieldError(v.field, v.description) for v in bad.field_violations
                )
        return found
    return []


def to_app_error(error: grpc.RpcError) -> errors.AppError:
    """Translate a failed call into the matching AppError (INTERNAL for anything else).

    A use case decides whether the upstream's answer is also its own; this only keeps the
    kind, the detail and any field errors.
    """
    code = error.code() if hasattr(error, "code") else None
    detail = (error.details() if hasattr(error, "details") else None) or ""
    kind = _CODE_TO_ERROR.get(code, errors.AppError)
    return kind(detail, errors=_field_errors(error))
