"""Contact use cases: one function per command, dependencies by parameter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.errors import ContactNotFound
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
    with uow_factory() as uow:
        contact = new_contact(uow, access, principal, fields)
    log.info("contact.created", contact_id=str(contact.id))
    return contact


def new_contact(
    uow: UnitOfWork,
    access: Access,
    principal: Principal,
    fields: dict[str, Any],
    *,
    contact_id: UUID | None = None,
    origin_lead_id: UUID | None = None,
) -> Contact:
    """Build, check and add a new contact inside the caller's unit of work."""
    fields = dict(fields)
    owner_id = resolve_owner(uow, principal, fields.pop("owner_id", None), access.is_group)
    check_account(uow, access, principal, fields.get("account_id"))
    contact = Contact.create(
        id=contact_id or uuid.uuid4(),
        owner_id=owner_id,
        now=utcnow(),
        fields=fields,
        origin_lead_id=origin_lead_id,
    )
    if contact.reports_to_id is not None:
        check_reports_to(uow, access, principal, contact.id, contact.reports_to_id)
    uow.contacts.add(contact)
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
        contact = load_contact(uow, access, principal, contact_id, "edit")
        if "owner_id" in changes and changes["owner_id"] != contact.owner_id:
            check_owner(uow, changes["owner_id"], access.is_group)
        if "account_id" in changes and changes["account_id"] != contact.account_id:
            check_account(uow, access, principal, changes["account_id"])
        new_boss = changes.get("reports_to_id")
        if new_boss is not None and new_boss != contact.reports_to_id:
            check_reports_to(uow, access, principal, contact.id, new_boss)
        changed = contact.update(changes, now=utcnow(), expected_version=expected_version)
        uow.contacts.save(contact)
    if changed:
        log.info("contact.updated", contact_id=str(contact_id), fields=list(changed))
    return contact


def restore_contact(
    uow_factory: UowFactory, access: Access, principal: Principal, contact_id: UUID
) -> Contact:
    """Bring back a soft-deleted contact within its retention period."""
    access.require(principal, CONTACTS, "delete")
    with uow_factory() as uow:
        contact = load_contact(uow, access, principal, contact_id, "delete", deleted=True)
        contact.restore(now=utcnow())
        uow.contacts.save(contact)
    log.info("contact.restored", contact_id=str(contact_id))
    return contact


def soft_delete_contact(
    uow: UnitOfWork, contact: Contact, by: str, expected: int | None, retention: timedelta
) -> None:
    contact.delete(now=utcnow(), by=by, expected_version=expected, retention=retention)
    uow.contacts.save(contact)
    log.info("contact.deleted", contact_id=str(contact.id))


def contact_references(uow: UnitOfWork, contact_id: UUID) -> dict[str, int]:
    """What still refers to the contact (a delete of a referenced one needs approval)."""
    refs = {"reports": uow.contacts.report_count(contact_id)}
    return {k: v for k, v in refs.items() if v}


def load_contact(
    uow: UnitOfWork,
    access: Access,
    principal: Principal,
    contact_id: UUID,
    action: str,
    *,
    deleted: bool = False,
) -> Contact:
    """Load for a change, row-locked: 404 when invisible or gone, 403 when not ours to change."""
    contact = uow.contacts.get(contact_id)
    if contact is None or not access.can_see(principal, CONTACTS, contact):
        raise ContactNotFound(contact_id)
    if contact.merged_into_id is not None or (contact.deleted_at is not None) != deleted:
        raise ContactNotFound(contact_id)
    access.require_on(principal, CONTACTS, action, contact)
    return contact


def check_account(
    uow: UnitOfWork, access: Access, principal: Principal, account_id: UUID | None
) -> None:
    # An account the caller may not see is reported like a missing one. Loading it takes
    # its row lock, so a concurrent delete of the account cannot miss this new contact.
    if account_id is None:
        return
    account = uow.accounts.get(account_id)
    if account is None or not account.is_live or not access.can_see(principal, ACCOUNTS, account):
        raise InvalidFields([FieldError("account_id", "is not an existing account")])


def check_reports_to(
    uow: UnitOfWork, access: Access, principal: Principal, contact_id: UUID, boss_id: UUID
) -> None:
    boss = uow.contacts.get(boss_id)
    if boss is None or not boss.is_live or not access.can_see(principal, CONTACTS, boss):
        raise InvalidFields([FieldError("reports_to_id", "is not an existing contact")])
    if boss.id == contact_id or boss.reports_to_id == contact_id:
        raise InvalidFields([FieldError("reports_to_id", "would make a reporting loop")])
