"""Signed tokens for public links (survey links, unsubscribe and tracking links).

A token is a small JSON object signed with a secret and a salt of its own (itsdangerous,
already a dependency through Flask), so no other signed value of the suite can be replayed
as one. A bad, forged or expired token is a 404: a public link reveals nothing about which
of those it was. What a token carries and what it is for is the service's.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from crm_chassis.errors import NotFound


class LinkSigner:
    """Signs and verifies the payload of a public link.

    ``max_age_seconds`` None: tokens do not expire (an unsubscribe link must keep working
    as long as the mail lies in an inbox), and they are shorter (no timestamp).
    """

    def __init__(
        self,
        key: bytes,
        salt: str,
        *,
        max_age_seconds: int | None = None,
        invalid: str = "This link is not valid or has expired.",
    ) -> None:
        self._timed = max_age_seconds is not None
        self._signer: URLSafeSerializer = (
            URLSafeTimedSerializer(key, salt=salt)
            if self._timed
            else URLSafeSerializer(key, salt=salt)
        )
        self._max_age = max_age_seconds
        self._invalid = invalid

    def dumps(self, payload: dict[str, Any]) -> str:
        return str(self._signer.dumps(payload))

    def loads(self, token: str) -> dict[str, Any]:
        """The payload of a valid token; NotFound (404) for anything else."""
        try:
            if self._timed:
                assert isinstance(self._signer, URLSafeTimedSerializer)
                data = self._signer.loads(token, max_age=self._max_age)
            else:
                data = self._signer.loads(token)
        except (BadData, TypeError, ValueError, UnicodeError):
            raise NotFound(self._invalid) from None
        if not isinstance(data, dict):
            raise NotFound(self._invalid)
        return data
