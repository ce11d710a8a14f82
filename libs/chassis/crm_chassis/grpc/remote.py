"""Another service's gRPC API as one client process uses it.

One channel and stub, made lazily (after a gunicorn fork, never before) and reused by every
thread; every call carries a bearer token (the caller's, so the other service applies the
caller's rights, or this service's own from client credentials for work done on no user's
behalf); gRPC errors come back as the chassis's errors, and ``get`` answers None for a
record the other service does not have (or does not show this caller).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import grpc

from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.errors import NotFound, Unavailable
from crm_chassis.grpc.client import call, channel, to_app_error


class RemoteService:
    """``service`` (its full name) at ``target``; ``stub`` builds the generated stub."""

    def __init__(
        self,
        target: str,
        service: str,
        stub: Callable[[grpc.Channel], Any],
        *,
        timeout: float,
        tokens: ServiceTokenSource | None = None,
    ) -> None:
        self.target = target
        self.service = service
        self.timeout = timeout
        self.tokens = tokens
        self._make_stub = stub
        self._lock = threading.Lock()
        self._stub: Any = None

    def stub(self) -> Any:
        with self._lock:
            if self._stub is None:
                self._stub = self._make_stub(channel(self.target, services=[self.service]))
            return self._stub

    def own_token(self) -> str:
        """This service's token (client credentials); 503 when it has none or identity is down."""
        if self.tokens is None:
            raise Unavailable(f"No credentials to ask {self.service} with.")
        try:
            return self.tokens.token()
        except Exception as exc:  # noqa: BLE001 - identity down: the other service can't be asked
            raise Unavailable(f"No token to ask {self.service} with: {exc}") from None

    def call(self, method: str, request: Any, *, token: str | None) -> Any:
        """Call ``method``; a write is never retried (the channel retries reads only)."""
        if not token:
            raise Unavailable(f"No credentials to ask {self.service} with.")
        try:
            return call(getattr(self.stub(), method), request, token=token, timeout=self.timeout)
        except grpc.RpcError as exc:
            raise to_app_error(exc) from None

    def get(self, method: str, request: Any, *, token: str | None) -> Any | None:
        """The reply, or None when the other service answers NOT_FOUND."""
        try:
            return self.call(method, request, token=token)
        except NotFound:
            return None


def service_tokens(
    token_url: str, client_id: str | None, client_secret: str | None
) -> ServiceTokenSource | None:
    """A client-credentials token source when the service has credentials, else None."""
    if client_id and client_secret:
        return ServiceTokenSource(token_url, client_id, client_secret)
    return None
