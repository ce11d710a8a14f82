"""What the service needs from the outside world; adapters implement these, bootstrap picks.

Repositories are reached through the unit of work (``service/unit_of_work.py``); the ports
here are the other ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from crm_contacts.domain.overview import Answer, Remote


class RemoteReader(Protocol):
    """Reads one list of another service for the 360 view (never raises: a part's status
    says what went wrong)."""

    def read(
        self,
        remote: Remote,
        methods: Sequence[str],
        request: Mapping[str, Any],
        *,
        token: str,
        timeout: float,
    ) -> Answer: ...
