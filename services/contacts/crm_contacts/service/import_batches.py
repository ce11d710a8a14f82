"""One batch of an import: check every row, find duplicates, write all or nothing.

Every row of a batch is validated by the same domain rules as the API (pure Python, before
any write); a batch with any refused row is written not at all, and the report names each
row's errors. Duplicates (accounts: customer code, e-mail, normalised name; contacts:
e-mail, name) are looked up once per batch with ``IN`` queries on indexed keys, and then
skipped, updated, or created anyway (``on_duplicate``). New records go in set at a time
(records, tags and their outbox events), one transaction per batch, together with the job's
progress.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_contacts.domain.accounts import CODE_SERIES, Account, AccountFields, format_code
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.imports import ImportJob, duplicate_keys, record_fields
from crm_contacts.domain.owners import ensure_assignable
from crm_contacts.domain.ports import ImportStore
from crm_contacts.service.access import ACCOUNTS
from crm_contacts.service.csv_rows import REFERENCES, Row, parse_row
from crm_contacts.service.owners import caller_user_id
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

Record = Account | Contact
#: PostgreSQL's statistics are refreshed when a table has grown by this many rows, and then
#: each time the import has doubled it again (see BulkStore.analyze).
FIRST_ANALYZE = 1000


@dataclass(frozen=True)
class Candidate:
    """A row that passed every check: the record it makes, and the fields it sent."""

    number: int
    record: Record
    fields: AccountFields | ContactFields
    sent: frozenset[str]


class BatchImporter:
    """Takes an import's rows into its job, a batch at a time, as one caller."""

    def __init__(
        self,
        job: ImportJob,
        caller: Principal,
        *,
        access: RecordAccess,
        imports: ImportStore,
        uow: UnitOfWorkFactory,
    ) -> None:
        self.job, self.caller = job, caller
        self.access, self.imports, self.uow = access, imports, uow
        self.owner_ok: dict[UUID, str | None] = {}
        self.default_owner = caller_user_id(caller)
        self.inserted, self.analyze_at = 0, FIRST_ANALYZE

    def take(self, batch: list[tuple[int, dict[str, str]]]) -> bool:
        """Take one batch into the job; True when its records and the job's progress were
        committed together (else the caller saves the job)."""
        job = self.job
        job.total_rows += len(batch)
        candidates, failed = self._checked([parse_row(job.entity, n, raw) for n, raw in batch])
        job.processed_rows += len(batch)
        if failed:
            # All or nothing: a batch with a refused row writes nothing.
            job.failed_count += failed
            job.skipped_count += len(candidates)
            for candidate in candidates:
                job.error(
                    candidate.number, "", "not imported: another row of its batch was refused"
                )
            return False
        to_create, to_update, merged = self._plan(candidates)
        if job.dry_run:
            job.created_count += len(to_create)
            job.updated_count += len(to_update) + merged
            return False
        self._write(to_create, to_update, merged)
        return True

    def _checked(self, rows: list[Row]) -> tuple[list[Candidate], int]:
        """The rows that pass every check, and how many did not (their errors reported)."""
        code_ids = self._accounts_by_code(rows)
        known = self._known_references(rows)
        now, candidates, failed = utcnow(), [], 0
        for row in rows:
            for name, module in REFERENCES[self.job.entity]:
                if row.values.get(name) is not None and row.values[name] not in known[name]:
                    row.errors.append(FieldError(name, f"is not an existing {module[:-1]}"))
            code = row.values.pop("account_code", None)
            if code:
                row.values["account_id"] = code_ids.get(code.upper())
                if row.values["account_id"] is None:
                    row.errors.append(FieldError("account_code", "is not an existing account"))
            candidate = self._candidate(row, now)
            if candidate is None:
                failed += 1
                for e in row.errors:
                    self.job.error(row.number, e.field, e.message)
                continue
            candidates.append(candidate)
        return candidates, failed

    def _candidate(self, row: Row, now: datetime) -> Candidate | None:
        owner = row.values.pop("owner_id", None) or self.default_owner
        owner_error = self._owner_error(owner)
        if owner_error:
            row.errors.append(FieldError("owner_id", owner_error))
        fields, errors = record_fields(self.job.entity, row.values)
        row.errors.extend(errors)
        # Run the domain rules even after a parse error, so the report lists them all.
        try:
            record = _create(owner or uuid.UUID(int=0), now, fields)
        except InvalidFields as exc:
            row.errors.extend(exc.errors)
        if row.errors:
            return None
        return Candidate(row.number, record, fields, frozenset(row.values))

    def _plan(self, candidates: list[Candidate]) -> tuple[list[Record], list[Candidate], int]:
        """What to create, which existing records to update, and how many rows were merged
        into an earlier new record of the same batch (skips and refusals counted).

        A row matching an earlier row of its own batch is that row's duplicate, as it would
        be if the two were in different batches (the earlier one then already stored)."""
        job, entity = self.job, self.job.entity
        matches = self.imports.find_duplicates(entity, [c.record for c in candidates])
        to_create: list[Record] = []
        to_update: list[Candidate] = []
        pending: dict[tuple[str, str], Record] = {}
        merged = 0
        for candidate in candidates:
            match = matches.get(candidate.record.id)
            earlier = None if match is not None else _first_match(pending, candidate.record)
            if job.on_duplicate == "create" or (match is None and earlier is None):
                to_create.append(candidate.record)
                for key in duplicate_keys(candidate.record):
                    pending.setdefault(key, candidate.record)
            elif job.on_duplicate == "skip":
                job.skipped_count += 1
            elif earlier is not None:
                merged += _merge(
                    Candidate(candidate.number, earlier, candidate.fields, candidate.sent), job
                )
            elif not self._may_change(match):
                job.failed_count += 1
                job.error(candidate.number, "", "matches a record you may not change")
            else:
                to_update.append(
                    Candidate(candidate.number, match, candidate.fields, candidate.sent)
                )
        return to_create, to_update, merged

    def _write(self, to_create: list[Record], to_update: list[Candidate], merged: int) -> None:
        """Insert and update one batch, with the job's progress, in one transaction."""
        job, updated = self.job, merged
        with self.uow() as tx:
            repo = tx.accounts if job.entity == ACCOUNTS else tx.contacts
            if job.entity == ACCOUNTS:
                assign_codes(tx, [r for r in to_create if isinstance(r, Account)])
            repo.add_many(to_create)  # type: ignore[arg-type]
            for candidate in to_update:
                updated += _update(tx, candidate, job)
            job.created_count += len(to_create)
            job.updated_count += updated
            job.batches_committed += 1
            tx.import_jobs.save(job, self.imports.lease)
        self.inserted += len(to_create)
        if self.inserted >= self.analyze_at:
            self.analyze_at = self.inserted * 2
            self.imports.analyze(job.entity)

    def _may_change(self, match: Record) -> bool:
        module = self.job.entity
        decider = self.access.store.decider()
        return self.access.can_see(self.caller, module, match) and decider.can_act(
            self.caller, module, "edit", match.owner_id
        )

    def _accounts_by_code(self, rows: list[Row]) -> dict[str, UUID]:
        codes = [r.values["account_code"].upper() for r in rows if r.values.get("account_code")]
        if not codes:
            return {}
        table = self.imports.table_of(ACCOUNTS)
        visible = self.access.visible_filter(self.caller, ACCOUNTS, table)
        return self.imports.account_ids_by_code(codes, visible)

    def _known_references(self, rows: list[Row]) -> dict[str, set[UUID]]:
        """Per reference field, the named ids that exist and that the caller may see."""
        known = {}
        for name, module in REFERENCES[self.job.entity]:
            wanted = {r.values[name] for r in rows if isinstance(r.values.get(name), UUID)}
            table = self.imports.table_of(module)
            condition = self.access.visible_filter(self.caller, module, table)
            known[name] = self.imports.visible_ids(module, wanted, condition)
        return known

    def _owner_error(self, owner: UUID | None) -> str | None:
        if owner is None:
            return "is required for a service caller"
        if owner not in self.owner_ok:
            self.owner_ok[owner] = None
            try:
                self.access.check_owner(
                    owner, unknown=lambda known: ensure_assignable(known, self.imports.owner(known))
                )
            except InvalidFields as exc:
                self.owner_ok[owner] = exc.errors[0].message
        return self.owner_ok[owner]


def _create(owner: UUID, now: datetime, fields: AccountFields | ContactFields) -> Record:
    if isinstance(fields, AccountFields):
        return Account.create(id=uuid.uuid4(), owner_id=owner, now=now, fields=fields)
    return Contact.create(id=uuid.uuid4(), owner_id=owner, now=now, fields=fields)


def _first_match(pending: dict[tuple[str, str], Record], record: Record) -> Record | None:
    """The earlier new record of the batch that ``record`` duplicates (strongest key first)."""
    for key in duplicate_keys(record):
        if key in pending:
            return pending[key]
    return None


def _merge(candidate: Candidate, job: ImportJob) -> int:
    """Apply a row to the new record of its batch it duplicates (1), or report why not (0)."""
    try:
        candidate.record.update(
            candidate.fields,  # type: ignore[arg-type]
            candidate.sent - {"customer_code"},
            now=utcnow(),
            expected_version=None,
        )
    except InvalidFields as exc:
        job.failed_count += 1
        job.error(candidate.number, "", str(exc))
        return 0
    return 1


def _update(tx: UnitOfWork, candidate: Candidate, job: ImportJob) -> int:
    """Update a duplicate with the row's fields (1), or report why not (0)."""
    repo = tx.accounts if job.entity == ACCOUNTS else tx.contacts
    record = repo.get(candidate.record.id)
    assert record is not None
    try:
        record.update(
            candidate.fields,  # type: ignore[arg-type]
            candidate.sent - {"customer_code"},
            now=utcnow(),
            expected_version=None,
        )
    except (InvalidFields, VersionMismatch) as exc:
        job.failed_count += 1
        job.error(candidate.number, "", str(exc))
        return 0
    repo.save(record)  # type: ignore[arg-type]
    return 1


def assign_codes(tx: UnitOfWork, accounts: Iterable[Account]) -> None:
    """Give each new account its customer code: the file's when free (and not repeated in
    the file), else the next numbers of the series."""
    accounts = list(accounts)
    given = [a for a in accounts if a.customer_code]
    seen: set[str] = set()
    if given:
        taken = tx.accounts.codes_taken({a.customer_code.upper() for a in given})  # type: ignore[union-attr]
        for account in given:
            code = account.customer_code.upper()  # type: ignore[union-attr]
            # A code taken (or repeated in the file) is replaced by a generated one.
            account.customer_code = None if code in taken or code in seen else code
            seen.add(code)
    missing = [a for a in accounts if not a.customer_code]
    while missing:
        codes = [format_code(n) for n in tx.accounts.allocate_codes(CODE_SERIES, len(missing))]
        clash = tx.accounts.codes_taken(set(codes)) | seen
        rest = []
        for account, code in zip(missing, codes, strict=True):
            if code in clash:
                rest.append(account)
            else:
                account.customer_code = code
        missing = rest
