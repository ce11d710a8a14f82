"""Ports of online lead forms: what their use cases need from the world."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class FormStamps(Protocol):
    """Signed render stamps (proof a page showed the form, and when) and address hashes."""

    def stamp(self, form_id: UUID) -> str:
        """A signed stamp for ``form_id`` carrying the time it was made."""
        ...

    def age(self, token: str, form_id: UUID) -> float | None:
        """Seconds since a genuine stamp of ``form_id`` was made; None if missing or forged."""
        ...

    def address_hash(self, address: str) -> str:
        """A keyed hash of a client address: counted for rate limits, never stored plain."""
        ...


class CampaignCheck(Protocol):
    """A campaign's owner, if it exists (a form credits only a campaign its author sees)."""

    def owner_of(self, campaign_id: UUID) -> UUID | None: ...
