"""Deleting accounts and contacts: soft delete, or a request when others refer to the record.

An account with open business in sales or billing (open deals, quotes not approved, orders
not delivered, unsettled invoices; asked over gRPC with the caller's token) is not deleted:
409 naming what is open, also when a pending request is approved.

A record nothing refers to is soft-deleted at once (restorable for the retention period).
One that others refer to (an account with contacts or child accounts, a contact others
report to) stays as it is: the delete becomes a pending request that a manager (an
administrator, or a user whose role is above the record owner's) approves, which
soft-deletes it, or rejects. A second delete while one is pending returns that request.

What still refers to a deleted record is marked in the same transaction, never left
dangling: its contacts lose their ``account_id`` (and child accounts their ``parent_id``,
reports their ``reports_to_id``), each with an update event and a timeline entry; tasks
and calls/meetings about it are about nothing any more. Sales and billing hear
``contacts.account.deleted.v1``.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden, RecordNotFound
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.commands import DecideDeletion, DeleteAccount, DeleteContact
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import PENDING, DeletionRequest
from crm_contacts.domain.references import AccountHasOpenBusiness
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.accounts import account_references, load_account
from crm_contacts.service.contacts import contact_references, load_contact
from crm_contacts.service.queries import Queries
from crm_contacts.service.remote_records import RemoteRecords
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
MODULES = {"account": ACCOUNTS, "contact": CONTACTS}


def delete_account(
    cmd: DeleteAccount,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    retention: timedelta,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> DeletionRequest | None:
    """Soft-delete the account, or return the deletion request when it is referenced;
    409 while it has open business elsewhere."""
    access.require(caller, ACCOUNTS, "delete")
    require_no_open_business(access, queries, remote, caller, cmd.account_id)
    with uow() as tx:
        account = load_account(tx, access, caller, cmd.account_id, "delete")
        account.expect_version(cmd.expected_version)
        refs = account_references(tx, account.id)
        if refs:
            return _request(tx, caller, "account", account.id, account.owner_id, refs, cmd.reason)
        _soft_delete(tx, account, caller.subject, cmd.expected_version, retention)
    return None


def delete_contact(
    cmd: DeleteContact,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    retention: timedelta,
    caller: Principal,
) -> DeletionRequest | None:
    """Soft-delete the contact, or return the deletion request when it is referenced."""
    access.require(caller, CONTACTS, "delete")
    with uow() as tx:
        contact = load_contact(tx, access, caller, cmd.contact_id, "delete")
        contact.expect_version(cmd.expected_version)
        refs = contact_references(tx, contact.id)
        if refs:
            return _request(tx, caller, "contact", contact.id, contact.owner_id, refs, cmd.reason)
        _soft_delete(tx, contact, caller.subject, cmd.expected_version, retention)
    return None


def decide_deletion(
    cmd: DecideDeletion,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    retention: timedelta,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> DeletionRequest:
    """A manager approves (the record is soft-deleted) or rejects a pending request; an
    account's approval is 409 while it has open business elsewhere."""
    with uow() as tx:
        asked = tx.deletion_requests.get(cmd.request_id)
    pending = asked is not None and asked.status == PENDING
    if cmd.approve and pending and asked.record_type == "account":
        if _visible(access, caller, asked):
            require_no_open_business(access, queries, remote, caller, asked.record_id)
    with uow() as tx:
        request = tx.deletion_requests.get(cmd.request_id, lock=True)
        if request is None or not _visible(access, caller, request):
            raise RecordNotFound("Deletion request", cmd.request_id)
        access.require(caller, MODULES[request.record_type], "delete")
        if not access.manages(caller, request.record_owner_id):
            raise Forbidden("Only a manager of the record's owner may decide this request.")
        request.decide(approve=cmd.approve, by=caller.subject, now=utcnow(), note=cmd.note)
        if cmd.approve:
            record: Account | Contact = (
                load_account(tx, access, caller, request.record_id, "delete")
                if request.record_type == "account"
                else load_contact(tx, access, caller, request.record_id, "delete")
            )
            _soft_delete(tx, record, caller.subject, None, retention)
        tx.deletion_requests.save(request)
    log.info("deletion.decided", request_id=str(cmd.request_id), status=request.status)
    return request


def _soft_delete(
    tx: UnitOfWork,
    record: Account | Contact,
    by: str,
    expected: int | None,
    retention: timedelta,
) -> None:
    now = utcnow()
    record.delete(now=now, by=by, expected_version=expected, retention=retention)
    if isinstance(record, Account):
        tx.accounts.save(record)
        contact_ids, child_ids = tx.accounts.referring(record.id)
        _clear(tx, tx.contacts, contact_ids, "account_id", now)
        _clear(tx, tx.accounts, child_ids, "parent_id", now)
        unlinked = tx.activity_refs.unlink("account", record.id, now)
        log.info(
            "account.deleted", account_id=str(record.id), detached=len(contact_ids), **unlinked
        )
    else:
        tx.contacts.save(record)
        _clear(tx, tx.contacts, tx.contacts.reports_of(record.id), "reports_to_id", now)
        unlinked = tx.activity_refs.unlink("contact", record.id, now)
        log.info("contact.deleted", contact_id=str(record.id), **unlinked)


def _clear(tx: UnitOfWork, repo: Any, ids: list[UUID], name: str, now: datetime) -> None:
    """Point the records ``ids`` (row-locked, in id order) at nothing through ``name``."""
    for record_id in ids:
        found = repo.get(record_id)
        if found is not None:
            found.clear_reference(name, now)
            repo.save(found)


def require_no_open_business(
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
    account_id: UUID,
) -> None:
    """404 unless the caller sees the account, 403 unless they may delete it (asked before
    other services are); 409 naming what is still open elsewhere."""
    access.require_on(caller, ACCOUNTS, "delete", queries.get_account(caller, account_id))
    found = remote.open_business(account_id)
    if found.any:
        log.info("account.delete_refused", account_id=str(account_id), **found.counts)
        raise AccountHasOpenBusiness(found)


def _request(
    tx: UnitOfWork,
    caller: Principal,
    record_type: str,
    record_id: UUID,
    owner_id: UUID,
    refs: dict[str, int],
    reason: str | None,
) -> DeletionRequest:
    pending = tx.deletion_requests.pending_for(record_id)
    if pending is not None:
        return pending
    request = DeletionRequest(
        id=uuid.uuid4(),
        record_type=record_type,
        record_id=record_id,
        record_owner_id=owner_id,
        requested_by=caller.subject,
        requested_at=utcnow(),
        references=refs,
        reason=reason,
    )
    tx.deletion_requests.add(request)
    log.info("deletion.requested", request_id=str(request.id), record_id=str(record_id))
    return request


def _visible(access: RecordAccess, caller: Principal, request: DeletionRequest) -> bool:
    module = MODULES[request.record_type]
    if not access.store.decider().allows(caller, module, "view"):
        return False
    return access.scope(caller, module, "view").allows_owner(request.record_owner_id)
