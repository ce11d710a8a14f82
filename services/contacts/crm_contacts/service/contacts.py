"""Contact use cases: one function per command, dependencies by parameter."""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import CreateContact, RestoreContact, UpdateContact
from crm_contacts.domain.contacts import Contact
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


def create_contact(
    cmd: CreateContact, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Contact:
    """Create a contact, optionally at an existing account."""
    access.require(caller, CONTACTS, "create")
    access.check_writable(caller, CONTACTS, cmd.sent)
    with uow() as tx:
        owner_id = resolve_owner(tx, caller, cmd.fields.owner_id, access)
        check_account(tx, access, caller, cmd.fields.account_id)
        contact = Contact.create(
            id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), fields=cmd.fields
        )
        if contact.reports_to_id is not None:
            check_reports_to(tx, access, caller, contact.id, contact.reports_to_id)
        tx.contacts.add(contact)
    log.info("contact.created", contact_id=str(contact.id))
    return contact


def update_contact(
    cmd: UpdateContact, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Contact:
    """Apply a partial update; 412 when the expected version is stale."""
    access.require(caller, CONTACTS, "edit")
    access.check_writable(caller, CONTACTS, cmd.sent)
    fields, sent = cmd.fields, cmd.sent
    with uow() as tx:
        contact = load_contact(tx, access, caller, cmd.contact_id, "edit")
        if "owner_id" in sent and fields.owner_id != contact.owner_id:
            check_owner(tx, fields.owner_id, access)
        if "account_id" in sent and fields.account_id != contact.account_id:
            check_account(tx, access, caller, fields.account_id)
        new_boss = fields.reports_to_id if "reports_to_id" in sent else None
        if new_boss is not None and new_boss != contact.reports_to_id:
            check_reports_to(tx, access, caller, contact.id, new_boss)
        changed = contact.update(fields, sent, now=utcnow(), expected_version=cmd.expected_version)
        tx.contacts.save(contact)
    if changed:
        log.info("contact.updated", contact_id=str(cmd.contact_id), fields=list(changed))
    return contact


def restore_contact(
    cmd: RestoreContact, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Contact:
    """Bring back a soft-deleted contact within its retention period."""
    access.require(caller, CONTACTS, "delete")
    with uow() as tx:
        contact = load_contact(tx, access, caller, cmd.contact_id, "delete", deleted=True)
        contact.restore(now=utcnow())
        tx.contacts.save(contact)
    log.info("contact.restored", contact_id=str(cmd.contact_id))
    return contact


def contact_references(tx: UnitOfWork, contact_id: UUID) -> dict[str, int]:
    """What still refers to the contact (a delete of a referenced one needs approval)."""
    refs = {"reports": tx.contacts.report_count(contact_id)}
    return {k: v for k, v in refs.items() if v}


def load_contact(
    tx: UnitOfWork,
    access: RecordAccess,
    caller: Principal,
    contact_id: UUID,
    action: str,
    *,
    deleted: bool = False,
) -> Contact:
    """Load for a change, row-locked: 404 when invisible or gone, 403 when not ours to change."""
    contact = tx.contacts.get(contact_id)
    if contact is None or not access.can_see(caller, CONTACTS, contact):
        raise RecordNotFound("Contact", contact_id)
    if contact.merged_into_id is not None or (contact.deleted_at is not None) != deleted:
        raise RecordNotFound("Contact", contact_id)
    access.require_on(caller, CONTACTS, action, contact)
    return contact


def check_account(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, account_id: UUID | None
) -> None:
    # An account the caller may not see is reported like a missing one. Loading it takes
    # its row lock, so a concurrent delete of the account cannot miss this new contact.
    if account_id is None:
        return
    account = tx.accounts.get(account_id)
    if account is None or not account.is_live or not access.can_see(caller, ACCOUNTS, account):
        raise invalid("account_id", "is not an existing account")


def check_reports_to(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, contact_id: UUID, boss_id: UUID
) -> None:
    boss = tx.contacts.get(boss_id)
    if boss is None or not boss.is_live or not access.can_see(caller, CONTACTS, boss):
        raise invalid("reports_to_id", "is not an existing contact")
    if boss.id == contact_id or boss.reports_to_id == contact_id:
        raise invalid("reports_to_id", "would make a reporting loop")
