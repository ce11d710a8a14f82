"""Deleting accounts and contacts: soft delete, or a request when others refer to the record.

A record nothing refers to is soft-deleted at once (restorable for the retention period).
One that others refer to (an account with contacts or child accounts, a contact others
report to) stays as it is: the delete becomes a pending request that a manager (an
administrator, or a user whose role is above the record owner's) approves, which
soft-deletes it, or rejects. A second delete while one is pending returns that request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden
from crm_chassis.logging import get_logger
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.errors import DeletionRequestNotFound
from crm_contacts.service import accounts, contacts
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
UowFactory = Callable[[], Any]
MODULES = {"account": ACCOUNTS, "contact": CONTACTS}


def delete_account(
    uow_factory: UowFactory,
    access: RecordAccess,
    principal: Principal,
    account_id: UUID,
    expected: int | None,
    retention: timedelta,
    reason: str | None = None,
) -> DeletionRequest | None:
    """Soft-delete the account, or return the deletion request when it is referenced."""
    access.require(principal, ACCOUNTS, "delete")
    with uow_factory() as uow:
        account = accounts.load_account(uow, access, principal, account_id, "delete")
        account.expect_version(expected)
        refs = accounts.account_references(uow, account_id)
        if refs:
            return _request(uow, principal, "account", account_id, account.owner_id, refs, reason)
        accounts.soft_delete_account(uow, account, principal.subject, expected, retention)
    return None


def delete_contact(
    uow_factory: UowFactory,
    access: RecordAccess,
    principal: Principal,
    contact_id: UUID,
    expected: int | None,
    retention: timedelta,
    reason: str | None = None,
) -> DeletionRequest | None:
    """Soft-delete the contact, or return the deletion request when it is referenced."""
    access.require(principal, CONTACTS, "delete")
    with uow_factory() as uow:
        contact = contacts.load_contact(uow, access, principal, contact_id, "delete")
        contact.expect_version(expected)
        refs = contacts.contact_references(uow, contact_id)
        if refs:
            return _request(uow, principal, "contact", contact_id, contact.owner_id, refs, reason)
        contacts.soft_delete_contact(uow, contact, principal.subject, expected, retention)
    return None


def _request(
    uow: UnitOfWork,
    principal: Principal,
    record_type: str,
    record_id: UUID,
    owner_id: UUID,
    refs: dict[str, int],
    reason: str | None,
) -> DeletionRequest:
    pending = uow.deletion_requests.pending_for(record_id)
    if pending is not None:
        return pending
    request = DeletionRequest(
        id=uuid.uuid4(),
        record_type=record_type,
        record_id=record_id,
        record_owner_id=owner_id,
        requested_by=principal.subject,
        requested_at=utcnow(),
        references=refs,
        reason=reason,
    )
    uow.deletion_requests.add(request)
    log.info("deletion.requested", request_id=str(request.id), record_id=str(record_id))
    return request


def decide(
    uow_factory: UowFactory,
    access: RecordAccess,
    principal: Principal,
    request_id: UUID,
    *,
    approve: bool,
    note: str | None,
    retention: timedelta,
) -> DeletionRequest:
    """A manager approves (the record is soft-deleted) or rejects a pending request."""
    with uow_factory() as uow:
        request = uow.deletion_requests.get(request_id, lock=True)
        module = MODULES[request.record_type] if request else ACCOUNTS
        if request is None or not _visible(access, principal, request):
            raise DeletionRequestNotFound(request_id)
        access.require(principal, module, "delete")
        if not access.manages(principal, request.record_owner_id):
            raise Forbidden("Only a manager of the record's owner may decide this request.")
        request.decide(approve=approve, by=principal.subject, now=utcnow(), note=note)
        if approve:
            if request.record_type == "account":
                account = accounts.load_account(uow, access, principal, request.record_id, "delete")
                accounts.soft_delete_account(uow, account, principal.subject, None, retention)
            else:
                contact = contacts.load_contact(uow, access, principal, request.record_id, "delete")
                contacts.soft_delete_contact(uow, contact, principal.subject, None, retention)
        uow.deletion_requests.save(request)
    log.info("deletion.decided", request_id=str(request_id), status=request.status)
    return request


def _visible(access: RecordAccess, principal: Principal, request: DeletionRequest) -> bool:
    module = MODULES[request.record_type]
    if not access.store.decider().allows(principal, module, "view"):
        return False
    return access.scope(principal, module, "view").allows_owner(request.record_owner_id)
