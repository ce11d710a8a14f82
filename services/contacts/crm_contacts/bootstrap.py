"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from crm_chassis.access import PolicyStore, policy_store
from crm_chassis.access import token_verifier as chassis_verifier
from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_contacts.adapters.owner_directory import OwnerRevocations
from crm_contacts.adapters.tables import access_policy, event_tables
from crm_contacts.config import Settings
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.events.outgoing import translate
from crm_contacts.service import accounts, contacts, deletions, imports, merges
from crm_contacts.service.access import Access
from crm_contacts.service.queries import Queries
from crm_contacts.service.unit_of_work import UnitOfWorkFactory


@dataclass
class Contacts:
    """The wired service: commands and queries that REST, gRPC and events call."""

    settings: Settings
    db: Database
    access: Access
    queries: Queries
    uow: UnitOfWorkFactory

    def create_account(self, principal: Principal, fields: dict[str, Any]) -> Account:
        return accounts.create_account(self.uow, self.access, principal, fields)

    def update_account(
        self, principal: Principal, account_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Account:
        return accounts.update_account(
            self.uow, self.access, principal, account_id, changes, expected
        )

    @property
    def retention(self) -> timedelta:
        return timedelta(days=self.settings.deletion_retention_days)

    def delete_account(
        self,
        principal: Principal,
        account_id: UUID,
        expected: int | None,
        reason: str | None = None,
    ) -> DeletionRequest | None:
        return deletions.delete_account(
            self.uow, self.access, principal, account_id, expected, self.retention, reason
        )

    def restore_account(self, principal: Principal, account_id: UUID) -> Account:
        return accounts.restore_account(self.uow, self.access, principal, account_id)

    def create_contact(self, principal: Principal, fields: dict[str, Any]) -> Contact:
        return contacts.create_contact(self.uow, self.access, principal, fields)

    def update_contact(
        self, principal: Principal, contact_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Contact:
        return contacts.update_contact(
            self.uow, self.access, principal, contact_id, changes, expected
        )

    def delete_contact(
        self,
        principal: Principal,
        contact_id: UUID,
        expected: int | None,
        reason: str | None = None,
    ) -> DeletionRequest | None:
        return deletions.delete_contact(
            self.uow, self.access, principal, contact_id, expected, self.retention, reason
        )

    def restore_contact(self, principal: Principal, contact_id: UUID) -> Contact:
        return contacts.restore_contact(self.uow, self.access, principal, contact_id)

    def merge(
        self,
        principal: Principal,
        entity: str,
        survivor_id: UUID,
        merged_ids: list[UUID],
        choices: dict[str, UUID],
    ) -> Any:
        return merges.merge(
            self.uow, self.access, principal, entity, survivor_id, merged_ids, choices
        )

    def run_import(self, principal: Principal, options: Any) -> Any:
        from crm_contacts.adapters.bulk import BulkStore

        return imports.run_import(
            self.uow,
            self.access,
            principal,
            entity=options.entity,
            text=options.csv,
            mapping=options.mapping,
            dry_run=options.dry_run,
            on_duplicate=options.on_duplicate,
            batch_rows=self.settings.import_batch_rows,
            bulk=BulkStore(self.db, self.uow),
        )

    def decide_deletion(
        self, principal: Principal, request_id: UUID, *, approve: bool, note: str | None
    ) -> DeletionRequest:
        return deletions.decide(
            self.uow,
            self.access,
            principal,
            request_id,
            approve=approve,
            note=note,
            retention=self.retention,
        )


def bootstrap(settings: Settings, *, db: Database | None = None) -> Contacts:
    """Build the service's parts for one process role."""
    db = db or Database(settings.sqlalchemy_url())
    access = Access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    return Contacts(
        settings=settings,
        db=db,
        access=access,
        queries=Queries(db, access),
        uow=UnitOfWorkFactory(db, recorder),
    )


def token_verifier(settings: Settings, db: Database, store: PolicyStore) -> TokenVerifier:
    """Verify identity's tokens; refuse those of users the policy or the owner directory
    says are inactive (either feed may be the first to learn of a deactivation)."""
    return chassis_verifier(settings, store, OwnerRevocations(db, settings.owner_cache_seconds))
