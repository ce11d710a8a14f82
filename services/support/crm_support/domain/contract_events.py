"""Domain events of service contracts and feedback (frozen dataclasses, past tense).

Kept apart from ``domain/events.py`` (the tickets' events) so the support helpers' work
merges without conflicts; ``events/outgoing.py`` translates both.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crm_support.domain.contracts import ServiceContract
    from crm_support.domain.feedback import Feedback


@dataclass(frozen=True)
class ContractExhausted:
    """The contract's tracked units are used up (once per contract)."""

    contract: ServiceContract
    used: Decimal


@dataclass(frozen=True)
class ContractExpired:
    """The contract's end date passed (once: Expired is final)."""

    contract: ServiceContract


@dataclass(frozen=True)
class ContractReviewDue:
    """The contract's review date is near: contacts makes a task for its owner."""

    contract: ServiceContract


@dataclass(frozen=True)
class FeedbackReceived:
    """A customer answered a ticket's satisfaction survey (once per ticket)."""

    feedback: Feedback
