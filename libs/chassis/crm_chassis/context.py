"""Per-request facts shared by the HTTP, gRPC and event entrypoints (context variables)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated

_principal: ContextVar[Principal | None] = ContextVar("crm_principal", default=None)
_correlation_id: ContextVar[str | None] = ContextVar("crm_correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("crm_causation_id", default=None)


def set_principal(principal: Principal | None) -> None:
    _principal.set(principal)


def principal() -> Principal:
    """Return the verified caller, or raise Unauthenticated when there is none."""
    value = _principal.get()
    if value is None:
        raise Unauthenticated("An access token is required.")
    return value


def optional_principal() -> Principal | None:
    return _principal.get()


def set_correlation(correlation_id: str | None, causation_id: str | None = None) -> str:
    """Set the correlation (and causation) id for this context; return the correlation id."""
    cid = correlation_id or str(uuid.uuid4())
    _correlation_id.set(cid)
    _causation_id.set(causation_id)
    return cid


def correlation_id() -> str | None:
    return _correlation_id.get()


def causation_id() -> str | None:
    return _causation_id.get()


def clear() -> None:
    """Forget the principal and ids (end of a request or message)."""
    _principal.set(None)
    _correlation_id.set(None)
    _causation_id.set(None)
