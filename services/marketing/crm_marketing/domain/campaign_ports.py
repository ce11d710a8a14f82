"""Ports of campaigns: who campaign members are, read from sales and contacts.

Kept apart from ``ports.py`` (the audience part's) so the marketing helpers merge cleanly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol

from crm_marketing.domain.campaign_members import MemberRef


class MemberDirectory(Protocol):
    """Leads (sales) and contacts (contacts) by id, read with the caller's own token."""

    def names(self, refs: Collection[MemberRef], *, token: str | None) -> Mapping[MemberRef, str]:
        """The display name of each lead or contact the caller can see; ids that do not
        exist and ids the caller may not see are simply absent (no existence leak).
        Raises ``crm_chassis.errors.Unavailable`` when a holding service does not answer."""
        ...
