"""A service's own access token, from identity's token endpoint (OAuth client credentials).

Services call each other (and identity's ``PolicyService``) as themselves, not as the end
user, when the question is not the user's: "does an account with this domain exist?",
"give me the whole access policy". The token is cached until shortly before it expires.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests

from crm_chassis.errors import Unauthenticated, Unavailable


class ServiceTokenSource:
    """Fetch and cache a client-credentials token; thread-safe."""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.timeout = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0

    def token(self) -> str:
        """Return a valid token, fetching a new one 30 s before the cached one expires."""
        with self._lock:
            if self._token is None or self._clock() > self._expires_at - 30:
                self._fetch()
            assert self._token is not None
            return self._token

    def _fetch(self) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if self.scope:
            form["scope"] = self.scope
        try:
            response = requests.post(self.token_url, data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise Unavailable(f"identity token endpoint unreachable: {exc}") from exc
        if response.status_code in (400, 401):
            raise Unauthenticated(f"client credentials refused: {response.text[:200]}")
        if response.status_code != 200:
            raise Unavailable(f"identity token endpoint answered {response.status_code}")
        body = response.json()
        self._token = body["access_token"]
        self._expires_at = self._clock() + float(body.get("expires_in", 300))
