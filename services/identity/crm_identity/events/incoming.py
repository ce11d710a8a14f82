"""Events identity consumes: none today.

Identity is the source of users and of the access policy, so it reads no other service's
events; with no handlers the worker runs only the outbox relay, and the migrate step
declares only the exchange.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm_chassis.events.handlers import EventHandler

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity


def handlers(app: Identity) -> dict[str, list[EventHandler]]:
    """Identity's handlers by event type (none)."""
    return {}
