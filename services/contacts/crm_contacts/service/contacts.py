"""Contact use cases: one function per command, dependencies by parameter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.errors import ContactNotFound, FieldError, InvalidFields
from crm_contacts.service.access import ACCOUNTS, CONTACTS, Access
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
UowFactory = Callable[[], Any]


def create_contact(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Contact:
    """Create a contact, optionally at an existing account."""
    access.require(principal, CONTACTS, "create")
    access.check_writable(principal, CONTACTS, fields.keys())
    fields = dict(fields)
    with uow_factory() as uow:
        owner_id = resolve_owner(uow, principal, fields.pop("owner_id", None), access.is_group)
        _check_account(uow, access, principal, fields.get("account_id"))
        contact = Contact.create(id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), fields=fields)
        uow.contacts.add(contact)
    log.info("contact.created", contact_id=str(contact.id))
    return contact


def update_contact(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    contact_id: UUID,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Contact:
    """Apply a partial update; 412 when ``expected_version`` is stale."""
    access.require(principal, CONTACTS, "edit")
    access.check_writable(principal, CONTACTS, changes.keys())
    with uow_factory() as uow:
        contact = _load(uow, access, principal, contact_id, "edit")
        if "owner_id" in changes and changes["owner_id"] != contact.owner_id:
            check_owner(uow, changes["owner_id"], access.is_group)
        if "account_id" in changes and changes["account_id"] != contact.account_id:
            _check_account(uow, access, principal, changes["account_id"])
        changed = contact.update(changes, now=utcnow(), expected_version=expected_version)
        uow.contacts.save(contact)
    if changed:
        log.info("contact.updated", contact_id=str(contact_id), fields=list(changed))
    return contact


def delete_contact(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    contact_id: UUID,
    expected_version: int | None,
) -> None:
    """Delete a contact."""
    access.require(principal, CONTACTS, "delete")
    with uow_factory() as uow:
        contact = _load(uow, access, principal, contact_id, "delete")
        contact.delete(now=utcnow(), by=principal.subject, expected_version=expected_version)
        uow.contacts.remove(contact)
    log.info("contact.deleted", contact_id=str(contact_id))


def _load(
    uow: UnitOfWork, access: Access, principal: Principal, contact_id: UUID, action: str
) -> Contact:
    # Invisible answers 404 (existence must not leak); visible but not ours to change, 403.
    contact = uow.contacts.get(contact_id)
    if contact is None or not access.can_see(principal, CONTACTS, contact):
        raise ContactNotFound(contact_id)
    access.require_on(principal, CONTACTS, action, contact)
    return contact


def _check_account(
    uow: UnitOfWork, access: Access, principal: Principal, account_id: UUID | None
) -> None:
    # An account the caller may not see is reported like a missing one. Loading it takes
    # its row lock, so a concurrent delete of the account cannot miss this new contact.
    if account_id is None:
        return
    account = uow.accounts.get(account_id)
    if account is None or not access.can_see(principal, ACCOUNTS, account):
        raise InvalidFields([FieldError("account_id", "is not an existing account")])
