"""Repositories of whole aggregates over one session (writes go through these)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db.bulk import any_of, insert_many
from crm_chassis.db.statements import row_by_id
from crm_chassis.errors import Conflict
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import (
    account_tags,
    accounts,
    code_sequences,
    contact_tags,
    contacts,
    deletion_requests,
    import_jobs,
    owners,
)
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.imports import FINISHED, ImportJob, LeaseLost
from crm_contacts.domain.owners import Owner


class ConcurrentUpdate(Conflict):
    """The row changed between our read and our write (the transaction is rolled back).

    Rows are read FOR UPDATE (PostgreSQL) inside BEGIN IMMEDIATE (SQLite), so this is a
    guard that should never fire; if it does, the client retries.
    """

    def __init__(self, record_id: str) -> None:
        super().__init__(f"Record {record_id} was changed concurrently; try again.")


class _Repository:
    table: sa.Table
    tags: sa.Table
    tag_fk: str

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Any] = []
        self._loaded_versions: dict[UUID, int] = {}

    def _get(self, id: UUID) -> Any:
        return self.session.execute(row_by_id(self.table, lock=True), {"record_id": id}).first()

    def _track(self, item: Any) -> Any:
        self.seen.append(item)
        self._loaded_versions[item.id] = item.version
        return item

    def _insert_many(self, items: list[Any], values: list[dict[str, Any]]) -> None:
        """Insert many new records at once (imports): rows, then tags, set at a time."""
        insert_many(self.session, self.table, values)
        tags = [
            {self.tag_fk: item.id, "tag": t}
            for item in items
            for t in sorted({t.lower() for t in item.tags})
        ]
        insert_many(self.session, self.tags, tags)
        self.seen.extend(items)

    def _insert(self, item: Any, values: dict[str, Any]) -> None:
        self.session.execute(sa.insert(self.table), values)
        self._write_tags(item, new=True)
        self.seen.append(item)

    def _update(self, item: Any, values: dict[str, Any]) -> None:
        loaded = self._loaded_versions.get(item.id)
        if loaded is None or loaded == item.version:
            return
        result = self.session.execute(
            sa.update(self.table)
            .where(self.table.c.id == item.id, self.table.c.version == loaded)
            .values(**{k: v for k, v in values.items() if k not in ("id", "created_at")})
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(str(item.id))
        self._write_tags(item)
        self._loaded_versions[item.id] = item.version

    def _write_tags(self, item: Any, *, new: bool = False) -> None:
        fk = self.tags.c[self.tag_fk]
        if not new:  # a new record has no tag rows yet: one statement less per insert
            self.session.execute(sa.delete(self.tags).where(fk == item.id))
        lowered = sorted({t.lower() for t in item.tags})
        if lowered:
            self.session.execute(
                sa.insert(self.tags), [{self.tag_fk: item.id, "tag": t} for t in lowered]
            )

    def _delete(self, item: Any) -> None:
        fk = self.tags.c[self.tag_fk]
        self.session.execute(sa.delete(self.tags).where(fk == item.id))
        self.session.execute(sa.delete(self.table).where(self.table.c.id == item.id))
        if item not in self.seen:
            self.seen.append(item)


class AccountRepository(_Repository):
    table, tags, tag_fk = accounts, account_tags, "account_id"

    def get(self, account_id: UUID) -> Account | None:
        row = self._get(account_id)
        return None if row is None else self._track(rows.account_from_row(row))

    def exists(self, account_id: UUID) -> bool:
        stmt = sa.select(accounts.c.id).where(accounts.c.id == account_id)
        return self.session.execute(stmt).first() is not None

    def has_contacts(self, account_id: UUID) -> bool:
        return self.contact_count(account_id) > 0

    def contact_count(self, account_id: UUID) -> int:
        """Live contacts at the account."""
        stmt = sa.select(sa.func.count()).where(
            contacts.c.account_id == account_id,
            contacts.c.deleted_at.is_(None),
            contacts.c.merged_into_id.is_(None),
        )
        return int(self.session.execute(stmt).scalar_one())

    def child_count(self, account_id: UUID) -> int:
        """Live accounts whose parent is this one."""
        stmt = sa.select(sa.func.count()).where(
            accounts.c.parent_id == account_id,
            accounts.c.deleted_at.is_(None),
            accounts.c.merged_into_id.is_(None),
        )
        return int(self.session.execute(stmt).scalar_one())

    def referring(self, account_id: UUID) -> tuple[list[UUID], list[UUID]]:
        """The live contacts at the account and the live accounts below it, by id."""
        return (
            _live_ids(self.session, contacts, contacts.c.account_id == account_id),
            _live_ids(self.session, accounts, accounts.c.parent_id == account_id),
        )

    def repoint_references(self, from_ids: list[UUID], to_id: UUID, now: Any) -> dict[str, int]:
        """Move the merged accounts' contacts and child accounts to the survivor."""
        return {
            "contacts": repoint(self.session, contacts.c.account_id, from_ids, to_id, now),
            "child_accounts": repoint(self.session, accounts.c.parent_id, from_ids, to_id, now),
        }

    def parent_of(self, account_id: UUID) -> UUID | None:
        stmt = sa.select(accounts.c.parent_id).where(accounts.c.id == account_id)
        return self.session.execute(stmt).scalar_one_or_none()

    def code_taken(self, code: str, except_id: UUID | None = None) -> bool:
        stmt = sa.select(accounts.c.id).where(accounts.c.customer_code == code)
        if except_id is not None:
            stmt = stmt.where(accounts.c.id != except_id)
        return self.session.execute(stmt.limit(1)).first() is not None

    def allocate_codes(self, series: str, count: int = 1) -> list[int]:
        """Reserve ``count`` consecutive numbers of ``series`` (row-locked counter)."""
        # One UPDATE ... RETURNING (PostgreSQL; SQLite >= 3.35) locks and advances the
        # counter: a SELECT FOR UPDATE and an UPDATE were two statements inside the write
        # lock of every account created (lead conversion's hot path).
        after = self.session.execute(
            sa.update(code_sequences)
            .where(code_sequences.c.name == series)
            .values(next_value=code_sequences.c.next_value + count)
            .returning(code_sequences.c.next_value)
        ).scalar_one_or_none()
        if after is None:
            self.session.execute(
                sa.insert(code_sequences).values(name=series, next_value=1 + count)
            )
            return list(range(1, 1 + count))
        current = int(after) - count
        return list(range(current, current + count))

    def add(self, account: Account) -> None:
        self._insert(account, rows.account_values(account))

    def add_many(self, new: list[Account]) -> None:
        self._insert_many(new, [rows.account_values(a) for a in new])

    def codes_taken(self, codes: set[str]) -> set[str]:
        """The customer codes among ``codes`` that some account already has."""
        column = accounts.c.customer_code
        stmt = sa.select(column).where(any_of(self.session, column, codes))
        return set(self.session.execute(stmt).scalars())

    def save(self, account: Account) -> None:
        self._update(account, rows.account_values(account))

    def remove(self, account: Account) -> None:
        self._delete(account)


class ContactRepository(_Repository):
    table, tags, tag_fk = contacts, contact_tags, "contact_id"

    def repoint_references(self, from_ids: list[UUID], to_id: UUID, now: Any) -> dict[str, int]:
        """Move the reports of the merged contacts to the survivor."""
        return {"reports": repoint(self.session, contacts.c.reports_to_id, from_ids, to_id, now)}

    def reports_of(self, contact_id: UUID) -> list[UUID]:
        """The live contacts who report to this one, by id."""
        return _live_ids(self.session, contacts, contacts.c.reports_to_id == contact_id)

    def report_count(self, contact_id: UUID) -> int:
        """Live contacts who report to this one."""
        stmt = sa.select(sa.func.count()).where(
            contacts.c.reports_to_id == contact_id,
            contacts.c.deleted_at.is_(None),
            contacts.c.merged_into_id.is_(None),
        )
        return int(self.session.execute(stmt).scalar_one())

    def get(self, contact_id: UUID) -> Contact | None:
        row = self._get(contact_id)
        return None if row is None else self._track(rows.contact_from_row(row))

    def add(self, contact: Contact) -> None:
        self._insert(contact, rows.contact_values(contact))

    def add_many(self, new: list[Contact]) -> None:
        self._insert_many(new, [rows.contact_values(c) for c in new])

    def save(self, contact: Contact) -> None:
        self._update(contact, rows.contact_values(contact))

    def remove(self, contact: Contact) -> None:
        self._delete(contact)


class OwnerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, owner_id: UUID) -> Owner | None:
        row = self.session.execute(sa.select(owners).where(owners.c.id == owner_id)).first()
        return None if row is None else rows.owner_from_row(row)

    def put(self, owner: Owner) -> None:
        """Insert or replace the owner's row (the caller decided it is newer)."""
        values = rows.owner_values(owner)
        updated = self.session.execute(
            sa.update(owners).where(owners.c.id == owner.id).values(**values)
        )
        if updated.rowcount == 0:
            self.session.execute(sa.insert(owners).values(**values))


class DeletionRequestRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, request_id: UUID, *, lock: bool = False) -> DeletionRequest | None:
        stmt = sa.select(deletion_requests).where(deletion_requests.c.id == request_id)
        if lock:
            stmt = stmt.with_for_update()
        row = self.session.execute(stmt).first()
        return None if row is None else rows.deletion_request_from_row(row)

    def pending_for(self, record_id: UUID) -> DeletionRequest | None:
        stmt = sa.select(deletion_requests).where(
            deletion_requests.c.record_id == record_id, deletion_requests.c.status == "pending"
        )
        row = self.session.execute(stmt).first()
        return None if row is None else rows.deletion_request_from_row(row)

    def add(self, request: DeletionRequest) -> None:
        self.session.execute(
            sa.insert(deletion_requests).values(**rows.deletion_request_values(request))
        )

    def save(self, request: DeletionRequest) -> None:
        values = rows.deletion_request_values(request)
        self.session.execute(
            sa.update(deletion_requests)
            .where(deletion_requests.c.id == request.id)
            .values(**values)
        )


class ImportJobRepository:
    """An import job's row, written in the transaction of the batch it reports on."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, job: ImportJob, lease: timedelta | None = None) -> None:
        """Write the job row; a background job's also renews its worker's lease (by
        ``lease``), and fails with LeaseLost (rolling the transaction back) when another
        worker has taken the job."""
        stmt = sa.update(import_jobs).where(import_jobs.c.id == job.id)
        if job.claimed_by is not None:
            stmt = stmt.where(import_jobs.c.claimed_by == job.claimed_by)
            if lease is not None and job.status not in FINISHED:
                job.lease_until = datetime.now(UTC) + lease
        if self.session.execute(stmt.values(**rows.job_values(job))).rowcount != 1:
            raise LeaseLost(str(job.id))


def _live_ids(session: Session, table: sa.Table, where: Any) -> list[UUID]:
    stmt = sa.select(table.c.id).where(
        where, table.c.deleted_at.is_(None), table.c.merged_into_id.is_(None)
    )
    return list(session.execute(stmt.order_by(table.c.id)).scalars())


def repoint(
    session: Session, column: sa.Column[Any], from_ids: list[UUID], to_id: UUID, now: Any
) -> int:
    """Point every live row whose ``column`` names one of ``from_ids`` at ``to_id``."""
    table = column.table
    result = session.execute(
        sa.update(table)
        .where(column.in_(from_ids), table.c.id != to_id)
        .values({column.name: to_id, "version": table.c.version + 1, "updated_at": now})
    )
    return int(result.rowcount or 0)
