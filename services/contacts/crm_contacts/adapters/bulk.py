"""Set-at-a-time database work for imports: lookups with IN, inserts with executemany.

Row-by-row ORM inserts run at a few thousand rows a second here; Core ``executemany``
without RETURNING is several times faster (ARCHITECTURE.md), so imports insert records,
tags and outbox rows a batch at a time, in one transaction per batch.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis import context, tracing
from crm_chassis.db import Database
from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import (
    account_tags,
    accounts,
    contact_tags,
    contacts,
    event_tables,
    import_jobs,
    owners,
)
from crm_contacts.domain.errors import InvalidFields, VersionMismatch
from crm_contacts.domain.owners import Owner
from crm_contacts.events.outgoing import integration_event
from crm_contacts.service.access import ACCOUNTS
from crm_contacts.service.accounts import CODE_SERIES, format_code
from crm_contacts.service.imports import ImportJob, duplicate_keys

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
)


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
            session.execute(
                sa.update(import_jobs).where(import_jobs.c.id == job.id).values(**_job_values(job))
            )

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
    ) -> tuple[int, int, list[tuple[int, str]]]:
        """Insert and update one batch in one transaction; return counts and row errors."""
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
                self._outbox(uow.session, [e for r in to_create for e in r.events])
                for record in to_create:
                    record.events.clear()
            repo = uow.accounts if module == ACCOUNTS else uow.contacts
            for number, record_id, fields in to_update:
                record = repo.get(record_id)
                fields = {k: v for k, v in fields.items() if k != "customer_code"}
                try:
                    record.update(fields, now=datetime.now(UTC), expected_version=None)
                except (InvalidFields, VersionMismatch) as exc:
                    errors.append((number, str(exc)))
                    continue
                repo.save(record)
                updated += 1
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

    def _outbox(self, session: Any, events: list[Any]) -> None:
        if not events:
            return
        now = datetime.now(UTC)
        correlation, causation = context.correlation_id(), context.causation_id()
        traceparent = tracing.current_traceparent()
        values = []
        for event in events:
            type_, subject, payload = integration_event(event)
            envelope = Envelope.build(
                type=type_,
                source=self.source,
                subject=subject,
                data=payload,
                time=now,
                correlation_id=correlation,
                causation_id=causation,
                traceparent=traceparent,
            )
            values.append(
                {
                    "id": envelope.id,
                    "type": envelope.type,
                    "subject": envelope.subject,
                    "body": envelope.to_json(),
                    "created_at": now,
                    "attempts": 0,
                }
            )
        insert_many(session, event_tables.outbox, values)


def insert_many(session: Any, table: sa.Table, values: list[dict[str, Any]]) -> None:
    """Insert rows fast: COPY on PostgreSQL (inside the session's transaction), else one
    executemany (psycopg's executemany sends row by row, ~8x slower than COPY here)."""
    if not values:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(sa.insert(table), values)
        return
    columns = list(values[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, sa.JSON)}
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])


def _job_values(job: ImportJob) -> dict[str, Any]:
    return {k: getattr(job, k) for k in _JOB_FIELDS}


def job_from_row(row: Any) -> ImportJob:
    values = {k: getattr(row, k) for k in _JOB_FIELDS}
    values["errors"] = list(values["errors"] or [])
    return ImportJob(id=row.id, **values)
