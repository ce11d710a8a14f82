"""Repositories of whole aggregates over one session (writes go through these)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import account_tags, accounts, contact_tags, contacts, owners
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
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
        stmt = sa.select(self.table).where(self.table.c.id == id).with_for_update()
        return self.session.execute(stmt).first()

    def _track(self, item: Any) -> Any:
        self.seen.append(item)
        self._loaded_versions[item.id] = item.version
        return item

    def _insert(self, item: Any, values: dict[str, Any]) -> None:
        self.session.execute(sa.insert(self.table).values(**values))
        self._write_tags(item)
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

    def _write_tags(self, item: Any) -> None:
        fk = self.tags.c[self.tag_fk]
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
        stmt = sa.select(contacts.c.id).where(contacts.c.account_id == account_id).limit(1)
        return self.session.execute(stmt).first() is not None

    def add(self, account: Account) -> None:
        self._insert(account, rows.account_values(account))

    def save(self, account: Account) -> None:
        self._update(account, rows.account_values(account))

    def remove(self, account: Account) -> None:
        self._delete(account)


class ContactRepository(_Repository):
    table, tags, tag_fk = contacts, contact_tags, "contact_id"

    def get(self, contact_id: UUID) -> Contact | None:
        row = self._get(contact_id)
        return None if row is None else self._track(rows.contact_from_row(row))

    def add(self, contact: Contact) -> None:
        self._insert(contact, rows.contact_values(contact))

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
