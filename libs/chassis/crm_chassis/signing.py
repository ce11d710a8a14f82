"""Signed tokens for public links and stamps (itsdangerous, already a dependency through Flask).

A :class:`Signer` signs a small JSON object with a secret and a salt of its own, so no other
signed value of the suite (a survey link, an unsubscribe link, a form's render stamp) can be
replayed as another kind. Tokens are URL-safe and carry the time they were signed; a reader
may refuse tokens older than a maximum age. A bad, forged or expired token raises
:class:`InvalidToken` without saying which it was: public callers learn nothing from it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer


class InvalidToken(Exception):
    """The token is malformed, forged (wrong key or salt) or older than allowed."""


def derived_key(purpose: str, base: bytes) -> bytes:
    """A secret for one purpose derived from a service-wide one (e.g. ``cursor_key()``)."""
    return hashlib.sha256(purpose.encode() + b":" + base).digest()


class Signer:
    """Signs and reads tokens of one kind (``salt``) with one secret."""

    def __init__(self, secret: bytes | str, salt: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=salt)

    def sign(self, data: dict[str, Any]) -> str:
        """Return a URL-safe token carrying ``data`` and the time it was signed."""
        return str(self._serializer.dumps(data))

    def read(self, token: str, max_age_seconds: float | None = None) -> dict[str, Any]:
        """Return the data of a valid token; raise :class:`InvalidToken` otherwise."""
        return self.read_with_time(token, max_age_seconds)[0]

    def read_with_time(
        self, token: str, max_age_seconds: float | None = None
    ) -> tuple[dict[str, Any], datetime]:
        """Return the data of a valid token and when it was signed (UTC)."""
        try:
            data, signed = self._serializer.loads(
                token, max_age=max_age_seconds, return_timestamp=True
            )
        except (BadData, TypeError, ValueError, UnicodeError):
            raise InvalidToken("The token is not valid or has expired.") from None
        if not isinstance(data, dict):
            raise InvalidToken("The token is not valid or has expired.")
        return data, signed.astimezone(UTC)
