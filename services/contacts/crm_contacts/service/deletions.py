"""Deleting accounts and contacts: soft delete, or a request when others refer to the record.

A record nothing refers to is soft-deleted at once (restorable for the retention period).
One that others refer to (an account with contacts or child accounts, a contact others
report to) stays as it is: the delete becomes a pending request that a manager (an
administrator, or a user whose role is above the record owner's) approves, which
soft-deletes it, or rejects. A second delete while one is pending returns that request.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden, RecordNotFound
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.commands import DecideDeletion, DeleteAccount, DeleteContact
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.accounts import account_references, load_account
from crm_contacts.service.contacts import contact_references, load_contact
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
MODULES = {"account": ACCOUNTS, "contact": CONTACTS}


def delete_account(
    cmd: DeleteAccount,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    retention: timedelta,
    caller: Principal,
) -> DeletionRequest | None:
    """Soft-delete the account, or return the deletion request when it is referenced."""
    access.require(caller, ACCOUNTS, "delete")
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
    caller: Principal,
) -> DeletionRequest:
    """A manager approves (the record is soft-deleted) or rejects a pending request."""
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
    record.delete(now=utcnow(), by=by, expected_version=expected, retention=retention)
    if isinstance(record, Account):
        tx.accounts.save(record)
        log.info("account.deleted", account_id=str(record.id))
    else:
        tx.contacts.save(record)
        log.info("contact.deleted", contact_id=str(record.id))


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
