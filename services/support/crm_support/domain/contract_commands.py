"""Commands of service contracts, feedback and the statistics facts (h/contracts).

Kept apart from ``commands.py`` (the tickets') so the support helpers merge cleanly; the
same rules hold: frozen dataclasses, typed fields, ``sent`` for partial updates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.usecases import Command
from crm_support.domain.contracts import ContractFields, ServiceContract
from crm_support.domain.feedback import Feedback


@dataclass(frozen=True)
class CreateContract(Command[ServiceContract]):
    account_id: UUID
    fields: ContractFields
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UpdateContract(Command[ServiceContract]):
    contract_id: UUID
    fields: ContractFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class CancelContract(Command[ServiceContract]):
    contract_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class CheckContracts(Command[int]):
    """The scheduled check: every live contract follows its dates and usage; review
    reminders fall due. Returns how many contracts changed."""

    batch_size: int = 500


@dataclass(frozen=True)
class GiveFeedback(Command[Feedback]):
    """Answer a closed ticket's survey, once: by its signed link (``token``, no caller) or
    as a portal user who may see the ticket (``ticket_id``)."""

    score: object
    comment: object = None
    token: str | None = field(default=None, repr=False)
    ticket_id: UUID | None = None


@dataclass(frozen=True)
class RecordTicketFacts(Command[int]):
    """Store the statistics facts of tickets closed since their facts were last recorded
    (the worker's timer). Returns how many tickets it recorded."""

    batch_size: int = 1000
    now: datetime | None = None
