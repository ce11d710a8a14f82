"""A small REST client for the loaders: the admin's token, look-ups, retries, counts."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import requests

#: Answers worth another try: the gateway's rate limit, a service starting or one event
#: away (e.g. a new user not yet in support's policy copy).
_RETRY = {429, 502, 503, 504}


class ApiError(RuntimeError):
    """An answer the loader did not expect (method, path, status and problem detail)."""


class Api:
    """Calls ``{gateway}/api/...`` as the signed-in administrator."""

    def __init__(self, gateway: str, token: str, timeout: float = 30.0) -> None:
        self.gateway = gateway
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout
        self.created: Counter[str] = Counter()
        self._users: dict[str, str | None] = {}

    @classmethod
    def sign_in(cls, gateway: str, email: str, password: str) -> Api:
        """Sign in with the password grant and return a client holding the token."""
        resp = requests.post(
            f"{gateway}/api/identity/v1/auth/token",
            json={"grant_type": "password", "username": email, "password": password},
            timeout=30,
        )
        if resp.status_code != 200:
            raise ApiError(f"sign-in as {email} failed: {resp.status_code} {_detail(resp)}")
        return cls(gateway, resp.json()["access_token"])

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """One call; retried on 429/5xx a few times; raise ApiError unless 2xx."""
        for attempt in range(8):
            resp = self.session.request(
                method,
                f"{self.gateway}{path}",
                json=body,
                params=params or None,
                timeout=self.timeout,
            )
            if resp.status_code not in _RETRY and not _owner_unknown_yet(resp, attempt):
                break
            time.sleep(float(resp.headers.get("Retry-After") or 0) or 0.25 * (attempt + 1))
        if not 200 <= resp.status_code < 300:
            raise ApiError(f"{method} {path}: {resp.status_code} {_detail(resp)}")
        return resp.json() if resp.content else None

    def user_id(self, email: str) -> str | None:
        """The id of identity's user with this e-mail (a demo user), or None."""
        if email not in self._users:
            found = self.find("/api/identity/v1/users", {"email": email}, q=email)
            self._users[email] = found["id"] if found else None
        return self._users[email]

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self.call("PATCH", path, body)

    def find(self, path: str, match: dict[str, Any], **params: Any) -> dict[str, Any] | None:
        """The first item of the list at ``path`` whose fields equal ``match``, or None."""
        cursor = None
        for _ in range(50):  # a demo set is small; a filter keeps each list short
            page = self.get(path, limit=500, **params, **({"cursor": cursor} if cursor else {}))
            # Most lists page ({"items", "next_cursor"}); a few settings lists are plain.
            items = page["items"] if isinstance(page, dict) else page
            for item in items:
                if all(item.get(k) == v for k, v in match.items()):
                    return item
            cursor = page.get("next_cursor") if isinstance(page, dict) else None
            if not cursor:
                return None
        return None

    def ensure(
        self, kind: str, path: str, match: dict[str, Any], body: dict[str, Any], **params: Any
    ) -> dict[str, Any]:
        """Return the record at ``path`` matching ``match``, creating it from ``body`` first."""
        found = self.find(path, match, **params)
        if found is not None:
            return found
        self.created[kind] += 1
        return self.post(path, {**match, **body})


def eventually(check: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Poll ``check`` until it returns something truthy (an event's effect); raise on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise ApiError(f"timed out waiting for {what}")
        time.sleep(0.3)


def _owner_unknown_yet(resp: requests.Response, attempt: int) -> bool:
    """A 422 on ``owner_id`` just after identity's demo users were made: each service
    learns of new users by an event, about a second later; worth a few more tries."""
    if resp.status_code != 422 or attempt > 5:
        return False
    try:
        errors = resp.json().get("errors", [])
    except (ValueError, AttributeError):
        return False
    return any(e.get("field") == "owner_id" for e in errors)


def _detail(resp: requests.Response) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return resp.text[:200]
    if isinstance(doc, dict):
        errors = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in doc.get("errors", []))
        return f"{doc.get('detail', '')} {errors}".strip()
    return str(doc)[:200]
