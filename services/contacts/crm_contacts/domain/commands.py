"""What callers ask of the service: frozen, typed, named in the imperative.

Each command subclasses ``Command[R]``, ``R`` being what carrying it out returns; its use
case is the function in ``service/`` whose first parameter is the command. A partial
update names what the client sent (``sent``), so "not sent" and "set to null" differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO
from uuid import UUID

from crm_chassis.usecases import Command
from crm_contacts.domain.accounts import Account, AccountFields
from crm_contacts.domain.calendar_events import CalendarEvent, CalendarEventFields
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.imports import ImportJob
from crm_contacts.domain.lead_conversions import LeadConversionResult
from crm_contacts.domain.merges import Merged
from crm_contacts.domain.notes import Note
from crm_contacts.domain.owners import Owner
from crm_contacts.domain.tasks import Task, TaskFields
from crm_contacts.domain.timeline import Facts

# -- accounts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateAccount(Command[Account]):
    fields: AccountFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateAccount(Command[Account]):
    account_id: UUID
    fields: AccountFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteAccount(Command["DeletionRequest | None"]):
    """Soft-delete; a referenced account gets a deletion request instead (returned)."""

    account_id: UUID
    expected_version: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RestoreAccount(Command[Account]):
    account_id: UUID


# -- contacts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateContact(Command[Contact]):
    fields: ContactFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateContact(Command[Contact]):
    contact_id: UUID
    fields: ContactFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteContact(Command["DeletionRequest | None"]):
    """Soft-delete; a contact others report to gets a deletion request instead (returned)."""

    contact_id: UUID
    expected_version: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RestoreContact(Command[Contact]):
    contact_id: UUID


# -- deletion requests and merges --------------------------------------------------------------


@dataclass(frozen=True)
class DecideDeletion(Command[DeletionRequest]):
    request_id: UUID
    approve: bool
    note: str | None = None


@dataclass(frozen=True)
class MergeRecords(Command[Merged]):
    """Merge ``merged_ids`` into ``survivor_id``; ``choices`` name each field's source."""

    entity: str
    survivor_id: UUID
    merged_ids: tuple[UUID, ...]
    choices: Mapping[str, UUID] = field(default_factory=dict)


# -- tasks, calls and meetings, notes ----------------------------------------------------------


@dataclass(frozen=True)
class CreateTask(Command[Task]):
    fields: TaskFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateTask(Command[Task]):
    task_id: UUID
    fields: TaskFields
    sent: frozenset[str]
    expected_version: int | None = None
    reason: str | None = None  # why a done task is reopened


@dataclass(frozen=True)
class DeleteTask(Command[None]):
    task_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateCalendarEvent(Command[CalendarEvent]):
    """Log a call or schedule a meeting."""

    fields: CalendarEventFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateCalendarEvent(Command[CalendarEvent]):
    event_id: UUID
    fields: CalendarEventFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteCalendarEvent(Command[None]):
    event_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class WriteNote(Command[Note]):
    """Write a note on a record, or a reply (``parent_id``) in its thread."""

    body: str
    related_type: str | None = None
    related_id: UUID | None = None
    parent_id: UUID | None = None


@dataclass(frozen=True)
class EditNote(Command[Note]):
    note_id: UUID
    body: str
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteNote(Command[None]):
    note_id: UUID
    expected_version: int | None = None


# -- other services' events --------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyOwnerFact(Command[bool]):
    """Store what identity says about a user (True when anything changed)."""

    owner: Owner


@dataclass(frozen=True)
class ApplyLeadConversion(Command["tuple[UUID | None, UUID | None]"]):
    """Create (or match) the account and create the contact of a lead sales converted, with
    the ids sales chose; returns (account id, contact id) as they now exist."""

    owner_id: UUID
    lead_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    account: AccountFields = field(default_factory=AccountFields)
    contact: ContactFields = field(default_factory=ContactFields)


@dataclass(frozen=True)
class ConvertLead(Command[LeadConversionResult]):
    """Sales converts a lead: match or create its account and contact, atomically and once
    per lead (a retry gets the first answer). ``account`` and ``contact`` are the mapped
    values by target field name; ``website`` and ``email`` are the lead's, for matching."""

    lead_id: UUID
    owner_id: UUID
    account: Mapping[str, Any] = field(default_factory=dict)
    contact: Mapping[str, Any] = field(default_factory=dict)
    website: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    account_id: UUID | None = None
    create_new_account: bool = False
    contact_id: UUID | None = None
    create_new_contact: bool = False
    #: A contact sales knows this lead duplicates (its duplicate check).
    duplicate_contact_id: UUID | None = None


@dataclass(frozen=True)
class RecordTimelineEntry(Command["TimelineEntry | None"]):
    """Put another service's event on its account's and contact's timelines, once."""

    event_id: str
    event_type: str
    source: str
    occurred_at: datetime
    facts: Facts
    shown: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class CreateFollowUp(Command["Task | None"]):
    """Create the task an event calls for (a stale lead, an SLA breach, an overdue
    invoice), once."""

    event_id: str
    event_type: str
    source: str
    facts: Facts


# -- imports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRecords(Command[ImportJob]):
    """Import a CSV of accounts or contacts: now when small, else queued for the worker."""

    entity: str
    upload: BinaryIO  # the CSV (UTF-8), at its start
    rows: int  # its data rows, counted as lines (decides now or queued)
    mapping: Mapping[str, str] | None = None
    dry_run: bool = False
    on_duplicate: str = "skip"
    background: bool = False  # queue it whatever its size


@dataclass(frozen=True)
class ResumeImport(Command[ImportJob]):
    """Run (or resume) a background job a worker has claimed."""

    job: ImportJob


@dataclass(frozen=True)
class OptOutOfEmail(Command[bool]):
    """The person unsubscribed from marketing mail (marketing.recipient.unsubscribed.v1):
    set the contact's e-mail opt-out; True when it changed."""

    contact_id: UUID
