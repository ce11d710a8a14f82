"""Imports: a job's progress and report, a CSV row's values as a record's fields, and the
keys that find a new record's duplicates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError
from crm_chassis.fields import Address, Checker
from crm_chassis.money import Money
from crm_chassis.states import StateMachine
from crm_contacts.domain.accounts import Account, AccountFields
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.duplicates import organisation_key, person_key

MAX_ERRORS = 1000
ON_DUPLICATE = ("skip", "update", "create")
#: A finished job's status: it runs no more.
FINISHED = ("completed", "partial", "failed")
QUEUED, RUNNING = "queued", "running"

#: Queued (background) or running (at once) jobs finish completed (no row failed), partial
#: or failed; a worker that gives up on a queued job fails it. Finished jobs are final.
IMPORT_JOB_STATUS = StateMachine(
    "import job",
    transitions={
        QUEUED: frozenset({RUNNING, "failed"}),
        RUNNING: frozenset(FINISHED),
        **{s: frozenset() for s in FINISHED},
    },
    initial=QUEUED,
)
_ADDRESS_FIELDS = ("billing_address", "shipping_address", "mailing_address")


class LeaseLost(Exception):
    """Another worker took this job over (our lease ran out): stop, write nothing more."""


@dataclass
class ImportJob:
    id: UUID
    entity: str
    dry_run: bool
    on_duplicate: str
    created_by: str
    created_at: datetime
    status: str = "running"
    total_rows: int = 0
    processed_rows: int = 0
    created_count: int = 0
    updated_count: int = 0
    skipped_count: int = 0
    failed_count: int = 0
    errors: list[dict[str, str | int]] = field(default_factory=list)
    finished_at: datetime | None = None
    # Background jobs: the expected data rows (counted at upload), batches done so far, and
    # what the worker needs to run it as the caller.
    rows_total: int | None = None
    batches_committed: int = 0
    mapping: dict[str, str] | None = None
    principal: dict[str, Any] | None = None
    upload_bytes: int | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    attempts: int = 0

    def start(self) -> None:
        """Run it: a queued job starts; a running one (resumed by a new claim) goes on."""
        if self.status != RUNNING:
            IMPORT_JOB_STATUS.check(self.status, RUNNING)
            self.status = RUNNING

    def finish(self, now: datetime) -> None:
        """All rows taken: completed, or partial when some failed."""
        self.move("completed" if not self.failed_count else "partial", now)

    def fail(self, now: datetime) -> None:
        self.move("failed", now)

    def move(self, target: str, now: datetime) -> None:
        IMPORT_JOB_STATUS.check(self.status, target)
        self.status = target
        if target in FINISHED:
            self.finished_at = now

    def error(self, row: int, field_name: str, message: str) -> None:
        """Report a row's error (the first MAX_ERRORS of them)."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "field": field_name, "message": message})


def record_fields(
    entity: str, values: Mapping[str, Any]
) -> tuple[AccountFields | ContactFields, list[FieldError]]:
    """The typed fields of one row (parsed values: addresses and money as mappings), and
    the errors of the values that do not parse (left out of the fields)."""
    check = Checker()
    given = dict(values)
    for name in _ADDRESS_FIELDS:
        if name in given:
            given[name] = Address.of(given[name])
    if "annual_revenue" in given:
        given["annual_revenue"] = Money.parse("annual_revenue", given["annual_revenue"], check)
    if "birthday" in given:
        given["birthday"] = check.date("birthday", given["birthday"])
    if "tags" in given:
        given["tags"] = tuple(given["tags"])
    kind = AccountFields if entity == "accounts" else ContactFields
    return kind(**given), check.errors


def duplicate_keys(record: Account | Contact) -> list[tuple[str, str]]:
    """(indexed column, value) pairs that identify a record's duplicates, strongest first."""
    keys = []
    if isinstance(record, Account) and record.customer_code:
        keys.append(("customer_code", record.customer_code.upper()))
    if record.email:
        keys.append(("email_lc", record.email.lower()))
    name = (
        organisation_key(record.name)
        if isinstance(record, Account)
        else person_key(record.first_name, record.last_name)
    )
    if name:
        keys.append(("dedupe_name", name))
    return keys
