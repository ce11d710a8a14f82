"""Per-request facts shared by the HTTP, gRPC and event entrypoints (context variables)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated

_principal: ContextVar[Principal | None] = ContextVar("crm_principal", default=None)
_token: ContextVar[str | None] = ContextVar("crm_token", default=None)
_correlation_id: ContextVar[str | None] = ContextVar("crm_correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("crm_causation_id", default=None)


def set_principal(principal: Principal | None, token: str | None = None) -> None:
    """Set the verified caller and the bearer token it was verified from."""
    _principal.set(principal)
    _token.set(token if principal is not None else None)


def caller_token() -> str | None:
    """The verified caller's bearer token, for calls made to other services on its behalf.

    Only a token that was verified in this request or call is returned, so a service never
    forwards something it did not check itself.
    """
    return _token.get()


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
    _token.set(None)
    _correlation_id.set(None)
    _causation_id.set(None)
