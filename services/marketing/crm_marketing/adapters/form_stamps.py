"""Signed render stamps of lead forms and keyed hashes of client addresses.

A stamp names its form and carries the time it was signed (``crm_chassis.signing``, with a
salt of its own, so no other signed value of the suite passes for one); its age is the
visitor's fill time. Client addresses are kept only as an HMAC under the same service
secret: enough to count submissions per address, useless to anyone reading the table.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from uuid import UUID

from crm_chassis.signing import InvalidToken, Signer
from crm_marketing.config import Settings

SALT = "crm.marketing.form-stamp.v1"


class SignedFormStamps:
    def __init__(self, settings: Settings) -> None:
        self._key = settings.form_key()
        self._signer = Signer(self._key, SALT)
        self._max_age = settings.form_stamp_max_age_hours * 3600

    def stamp(self, form_id: UUID) -> str:
        return self._signer.sign({"f": str(form_id)})

    def age(self, token: str, form_id: UUID) -> float | None:
        try:
            data, signed = self._signer.read_with_time(token[:500], self._max_age)
        except InvalidToken:
            return None
        if data.get("f") != str(form_id):
            return None
        return (datetime.now(UTC) - signed).total_seconds()

    def address_hash(self, address: str) -> str:
        return hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()
