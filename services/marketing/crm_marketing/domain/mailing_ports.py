"""What mass mail needs besides the audience ports of ``domain/ports.py`` (h/mailings).

The send list is resolved with ``Recipients`` (consent already decided: a recipient with a
``skip_reason`` is recorded, never mailed) and each message rendered with ``Templates``;
these are the rest: the SMTP server, and where an unsubscribe is recorded for the record.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol
from uuid import UUID


class MassConnection(Protocol):
    def hand_off_raw(self, sender: str, recipients: list[str], data: bytes) -> str:
        """Send one serialised message; the server's reply to DATA (its hand-off id)."""
        ...


class MassSender(Protocol):
    def connect(self) -> AbstractContextManager[MassConnection]: ...


class Unsubscriber(Protocol):
    """Records an unsubscribe in consent (h/audience's Unsubscribe: once, with the event
    contacts and sales apply to the contact's or lead's record)."""

    def unsubscribe(
        self,
        address: str,
        *,
        contact_id: UUID | None,
        lead_id: UUID | None,
        mailing_id: UUID,
    ) -> None: ...
