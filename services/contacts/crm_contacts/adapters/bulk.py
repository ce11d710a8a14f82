"""Set-at-a-time database work for imports: lookups with IN, inserts with executemany.

Row-by-row ORM inserts run at a few thousand rows a second here; Core ``executemany``
without RETURNING is several times faster (ARCHITECTURE.md), so imports insert records,
tags and outbox rows a batch at a time, in one transaction per batch.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import IO, Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_chassis.db.bulk import insert_many
from crm_chassis.errors import InvalidFields, VersionMismatch
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import (
    account_tags,
    accounts,
    contact_tags,
    contacts,
    import_jobs,
    import_uploads,
    owners,
)
from crm_contacts.domain.accounts import CODE_SERIES, format_code
from crm_contacts.domain.imports import record_fields
from crm_contacts.domain.owners import Owner
from crm_contacts.service.access import ACCOUNTS
from crm_contacts.service.imports import ImportJob, LeaseLost, duplicate_keys

_JOB_FIELDS = (
    "entity",
    "status",
    "dry_run",
    "on_duplicate",
    "total_rows",
    "processed_rows",
    "created_count",
    "updated_count",
    "skipped_count",
    "failed_count",
    "errors",
    "created_by",
    "created_at",
    "finished_at",
    "rows_total",
    "batches_committed",
    "mapping",
    "principal",
    "upload_bytes",
    "claimed_by",
    "lease_until",
    "attempts",
)
UPLOAD_CHUNK = 1024 * 1024
FINISHED = ("completed", "partial", "failed")


class BulkStore:
    """The import's database side, bound to the service's database and unit of work."""

    def __init__(self, db: Database, uow_factory: Any, source: str = "contacts") -> None:
        self.db = db
        self.uow_factory = uow_factory
        self.source = source
        self._inserted = 0
        self._analyze_at = 1000

    # -- the job row (its own short transactions, so progress is visible meanwhile) --------

    def start_job(self, job: ImportJob) -> None:
        with self.db.transaction() as session:
            session.execute(sa.insert(import_jobs).values(id=job.id, **_job_values(job)))

    def save_job(self, job: ImportJob) -> None:
        with self.db.transaction() as session:
            self._write_job(session, job)
        if job.status in FINISHED and job.claimed_by is not None:
            self.drop_upload(job.id)

    def _write_job(self, session: Any, job: ImportJob) -> None:
        """Write the job row; a background job's also renews its worker's lease, and fails
        (rolling back the caller's transaction) when another worker has taken the job."""
        stmt = sa.update(import_jobs).where(import_jobs.c.id == job.id)
        if job.claimed_by is not None:
            stmt = stmt.where(import_jobs.c.claimed_by == job.claimed_by)
            if self.lease is not None and job.status not in FINISHED:
                job.lease_until = datetime.now(UTC) + self.lease
        if session.execute(stmt.values(**_job_values(job))).rowcount != 1:
            raise LeaseLost(str(job.id))

    # -- background jobs: the upload, the queue, claims with a lease ---------------------------

    lease: timedelta | None = None

    def queue_job(self, job: ImportJob, upload: IO[bytes]) -> None:
        """Store a queued job and its upload in one transaction (no half-uploaded job is
        ever visible to a worker); the file is read and written a chunk at a time."""
        with self.db.transaction() as session:
            session.execute(sa.insert(import_jobs).values(id=job.id, **_job_values(job)))
            size, seq = 0, 0
            while chunk := upload.read(UPLOAD_CHUNK):
                session.execute(
                    sa.insert(import_uploads).values(job_id=job.id, seq=seq, data=chunk)
                )
                size, seq = size + len(chunk), seq + 1
            session.execute(
                sa.update(import_jobs).where(import_jobs.c.id == job.id).values(upload_bytes=size)
            )
        job.upload_bytes = size

    def open_upload(self, job_id: UUID) -> IO[str]:
        """The stored upload as a text stream, fetched a chunk per query."""
        raw = io.BufferedReader(_UploadStream(self.db, job_id), buffer_size=UPLOAD_CHUNK)
        return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")

    def drop_upload(self, job_id: UUID) -> None:
        with self.db.transaction() as session:
            session.execute(sa.delete(import_uploads).where(import_uploads.c.job_id == job_id))

    def claim_job(self, worker: str, lease: timedelta, max_attempts: int) -> ImportJob | None:
        """Take the oldest queued job, or a running one whose worker's lease ran out.

        One UPDATE guarded by the status (and lease) a job was read with decides who gets
        it: a second claimer's UPDATE matches no row. On PostgreSQL the read also locks the
        row with SKIP LOCKED, so concurrent claimers pass over each other's candidates
        instead of queueing behind them.
        """
        now = datetime.now(UTC)
        jobs = import_jobs.c
        claimable = sa.or_(
            jobs.status == "queued",
            sa.and_(jobs.status == "running", jobs.lease_until < now),
        )
        stmt = sa.select(jobs.id, jobs.status, jobs.attempts).where(claimable)
        stmt = stmt.order_by(jobs.created_at).limit(1)
        if self.db.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        with self.db.transaction() as session:
            row = session.execute(stmt).first()
            if row is None:
                return None
            given_up = row.attempts >= max_attempts
            values: dict[str, Any] = (
                {"status": "failed", "finished_at": now, "lease_until": None}
                if given_up
                else {
                    "status": "running",
                    "claimed_by": worker,
                    "lease_until": now + lease,
                    "attempts": jobs.attempts + 1,
                }
            )
            taken = session.execute(
                sa.update(import_jobs)
                .where(jobs.id == row.id, jobs.status == row.status, claimable)
                .values(**values)
            ).rowcount
            if taken != 1:
                return None
            job = job_from_row(session.execute(import_jobs.select().where(jobs.id == row.id)).one())
        if given_up:
            job.error(job.processed_rows, "", f"its worker stopped {job.attempts} times")
            job.claimed_by = None
            self.save_job(job)
            self.drop_upload(job.id)
            return None
        return job

    # -- lookups ----------------------------------------------------------------------------

    def owner(self, owner_id: UUID) -> Owner | None:
        with self.db.reading() as session:
            row = session.execute(sa.select(owners).where(owners.c.id == owner_id)).first()
        return None if row is None else rows.owner_from_row(row)

    def account_ids_by_code(
        self, codes: list[str], condition: sa.ColumnElement[bool] | None = None
    ) -> dict[str, UUID]:
        stmt = sa.select(accounts.c.customer_code, accounts.c.id).where(
            accounts.c.customer_code.in_(set(codes)),
            accounts.c.deleted_at.is_(None),
            accounts.c.merged_into_id.is_(None),
        )
        if condition is not None:
            stmt = stmt.where(condition)
        with self.db.reading() as session:
            return {code: id_ for code, id_ in session.execute(stmt)}

    @staticmethod
    def table_of(module: str) -> sa.Table:
        return accounts if module == ACCOUNTS else contacts

    def visible_ids(
        self, module: str, ids: set[UUID], condition: sa.ColumnElement[bool] | None
    ) -> set[UUID]:
        """The ids among ``ids`` of live records of ``module`` the caller may see."""
        if not ids:
            return set()
        table = accounts if module == ACCOUNTS else contacts
        stmt = sa.select(table.c.id).where(
            table.c.id.in_(ids), table.c.deleted_at.is_(None), table.c.merged_into_id.is_(None)
        )
        if condition is not None:
            stmt = stmt.where(condition)
        with self.db.reading() as session:
            return set(session.execute(stmt).scalars())

    def find_duplicates(self, module: str, records: list[Any]) -> dict[UUID, Any]:
        """Map each new record's id to the existing live record it duplicates, if any."""
        table = accounts if module == ACCOUNTS else contacts
        from_row = rows.account_from_row if module == ACCOUNTS else rows.contact_from_row
        wanted: dict[str, set[str]] = {}
        keyed = [(r, duplicate_keys(module, r)) for r in records]
        for _, keys in keyed:
            for column, value in keys:
                wanted.setdefault(column, set()).add(value)
        found: dict[tuple[str, str], Any] = {}
        with self.db.reading() as session:
            for column, values in wanted.items():
                # No ORDER BY: with one, PostgreSQL may walk the created_at index over the
                # whole table instead of probing the key's index (quadratic imports).
                stmt = sa.select(table).where(
                    table.c[column].in_(values),
                    table.c.deleted_at.is_(None),
                    table.c.merged_into_id.is_(None),
                )
                for row in session.execute(stmt):
                    key = (column, getattr(row, column))
                    if key not in found or row.created_at < found[key].created_at:
                        found[key] = from_row(row)
        matches = {}
        for record, keys in keyed:
            for key in keys:
                if key in found:
                    matches[record.id] = found[key]
                    break
        return matches

    # -- writes -----------------------------------------------------------------------------

    def write_batch(
        self,
        module: str,
        to_create: list[Any],
        to_update: list[tuple[int, UUID, dict[str, Any]]],
        access: Any,
        principal: Any,
        *,
        job: ImportJob | None = None,
        count: Callable[[int, int, list[tuple[int, str]]], None] | None = None,
    ) -> tuple[int, int, list[tuple[int, str]]]:
        """Insert and update one batch in one transaction; return counts and row errors.

        With ``job``, ``count`` adds the outcome to it and the job row is written in the same
        transaction: the batch and the progress that says it is done commit together."""
        table, tags = (accounts, account_tags) if module == ACCOUNTS else (contacts, contact_tags)
        fk = "account_id" if module == ACCOUNTS else "contact_id"
        to_values = rows.account_values if module == ACCOUNTS else rows.contact_values
        updated, errors = 0, []
        with self.uow_factory() as uow:
            if module == ACCOUNTS:
                self._assign_codes(uow, to_create)
            if to_create:
                insert_many(uow.session, table, [to_values(r) for r in to_create])
                tag_rows = [
                    {fk: r.id, "tag": t}
                    for r in to_create
                    for t in sorted({t.lower() for t in r.tags})
                ]
                insert_many(uow.session, tags, tag_rows)
                # One insert for the batch's events (COPY on PostgreSQL), not one per record.
                self.uow_factory.record.record_many(
                    uow.session, [e for r in to_create for e in r.events]
                )
                for record in to_create:
                    record.events.clear()
            repo = uow.accounts if module == ACCOUNTS else uow.contacts
            for number, record_id, fields in to_update:
                record = repo.get(record_id)
                given = {k: v for k, v in fields.items() if k != "customer_code"}
                typed, _ = record_fields(module, given)
                try:
                    record.update(typed, given, now=datetime.now(UTC), expected_version=None)
                except (InvalidFields, VersionMismatch) as exc:
                    errors.append((number, str(exc)))
                    continue
                repo.save(record)
                updated += 1
            if job is not None:
                if count is not None:
                    count(len(to_create), updated, errors)
                self._write_job(uow.session, job)
        self._inserted += len(to_create)
        if self._inserted >= self._analyze_at:
            self._analyze(table)
        return len(to_create), updated, errors

    def _analyze(self, table: sa.Table) -> None:
        # PostgreSQL plans the foreign-key checks of the tag rows from the table's
        # statistics: a table that grew from empty inside one import still looks empty, the
        # checks scan it, and the import turns quadratic (measured: 0.6 s -> 2.3 s per 5,000
        # tags within 30,000 rows). Re-analysing as the import doubles the table keeps the
        # checks on the primary key at a logarithmic number of ANALYZEs.
        self._analyze_at = self._inserted * 2
        if self.db.dialect != "postgresql":
            return
        with self.db.transaction() as session:
            session.execute(sa.text(f"ANALYZE {table.name}"))

    def _assign_codes(self, uow: Any, records: list[Any]) -> None:
        given = [r for r in records if r.customer_code]
        seen: set[str] = set()
        if given:
            taken = set(
                uow.session.execute(
                    sa.select(accounts.c.customer_code).where(
                        accounts.c.customer_code.in_({r.customer_code.upper() for r in given})
                    )
                ).scalars()
            )
            for record in given:
                code = record.customer_code.upper()
                # A code taken (or repeated in the file) is replaced by a generated one.
                record.customer_code = None if code in taken or code in seen else code
                seen.add(code)
        missing = [r for r in records if not r.customer_code]
        while missing:
            numbers = uow.accounts.allocate_codes(CODE_SERIES, len(missing))
            codes = [format_code(n) for n in numbers]
            clash = (
                set(
                    uow.session.execute(
                        sa.select(accounts.c.customer_code).where(
                            accounts.c.customer_code.in_(codes)
                        )
                    ).scalars()
                )
                | seen
            )
            rest = []
            for record, code in zip(missing, codes, strict=True):
                if code in clash:
                    rest.append(record)
                else:
                    record.customer_code = code
            missing = rest


def _job_values(job: ImportJob) -> dict[str, Any]:
    return {k: getattr(job, k) for k in _JOB_FIELDS}


def job_from_row(row: Any) -> ImportJob:
    values = {k: getattr(row, k) for k in _JOB_FIELDS}
    values["errors"] = list(values["errors"] or [])
    return ImportJob(id=row.id, **values)


class _UploadStream(io.RawIOBase):
    """A stored upload read chunk by chunk (one short read transaction each)."""

    def __init__(self, db: Database, job_id: UUID) -> None:
        self._db, self._job_id = db, job_id
        self._seq, self._buffer, self._done = 0, b"", False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        if not self._buffer and not self._done:
            with self._db.reading() as session:
                chunk = session.execute(
                    sa.select(import_uploads.c.data).where(
                        import_uploads.c.job_id == self._job_id, import_uploads.c.seq == self._seq
                    )
                ).scalar()
            self._seq += 1
            self._buffer, self._done = (bytes(chunk), False) if chunk is not None else (b"", True)
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n
