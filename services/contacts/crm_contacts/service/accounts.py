"""Account use cases: one function per command, dependencies by parameter."""

from __future__ import annotations

import uuid
from dataclasses import replace
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import CODE_SERIES, Account, format_code
from crm_contacts.domain.commands import CreateAccount, RestoreAccount, UpdateAccount
from crm_contacts.domain.errors import DuplicateCustomerCode
from crm_contacts.service.access import ACCOUNTS
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
MAX_HIERARCHY_DEPTH = 50


def create_account(
    cmd: CreateAccount, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Account:
    """Create an account owned by ``owner_id`` (default: the caller)."""
    access.require(caller, ACCOUNTS, "create")
    access.check_writable(caller, ACCOUNTS, cmd.sent)
    with uow() as tx:
        owner_id = resolve_owner(tx, caller, cmd.fields.owner_id, access)
        account = Account.create(
            id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), fields=cmd.fields
        )
        if account.parent_id is not None:
            check_parent(tx, access, caller, account.id, account.parent_id)
        assign_code(tx, account)
        tx.accounts.add(account)
    log.info("account.created", account_id=str(account.id))
    return account


def update_account(
    cmd: UpdateAccount, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Account:
    """Apply a partial update; 412 when the expected version is stale."""
    access.require(caller, ACCOUNTS, "edit")
    access.check_writable(caller, ACCOUNTS, cmd.sent)
    fields = cmd.fields
    if fields.customer_code:
        fields = replace(fields, customer_code=fields.customer_code.strip().upper())
    with uow() as tx:
        account = load_account(tx, access, caller, cmd.account_id, "edit")
        if "customer_code" in cmd.sent and not fields.customer_code:
            raise invalid("customer_code", "must not be empty")
        if "owner_id" in cmd.sent and fields.owner_id != account.owner_id:
            check_owner(tx, fields.owner_id, access)
        parent = fields.parent_id if "parent_id" in cmd.sent else None
        if parent is not None and parent != account.parent_id:
            check_parent(tx, access, caller, account.id, parent)
        changed = account.update(
            fields, cmd.sent, now=utcnow(), expected_version=cmd.expected_version
        )
        if "customer_code" in changed and tx.accounts.code_taken(
            account.customer_code, except_id=account.id
        ):
            raise DuplicateCustomerCode(account.customer_code)
        tx.accounts.save(account)
    if changed:
        log.info("account.updated", account_id=str(cmd.account_id), fields=list(changed))
    return account


def restore_account(
    cmd: RestoreAccount, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Account:
    """Bring back a soft-deleted account within its retention period."""
    access.require(caller, ACCOUNTS, "delete")
    with uow() as tx:
        account = load_account(tx, access, caller, cmd.account_id, "delete", deleted=True)
        account.restore(now=utcnow())
        tx.accounts.save(account)
    log.info("account.restored", account_id=str(cmd.account_id))
    return account


def assign_code(tx: UnitOfWork, account: Account) -> None:
    """Keep a given customer code if it is free; otherwise draw the next ACC-nnnnnn."""
    if account.customer_code is not None:
        account.customer_code = account.customer_code.upper()
        if tx.accounts.code_taken(account.customer_code, except_id=account.id):
            raise DuplicateCustomerCode(account.customer_code)
        return
    while True:
        code = format_code(tx.accounts.allocate_codes(CODE_SERIES)[0])
        # A code typed by hand may already hold a number of the series; skip it.
        if not tx.accounts.code_taken(code):
            account.customer_code = code
            return


def account_references(tx: UnitOfWork, account_id: UUID) -> dict[str, int]:
    """What still refers to the account (a delete of a referenced one needs approval)."""
    refs = {
        "contacts": tx.accounts.contact_count(account_id),
        "child_accounts": tx.accounts.child_count(account_id),
    }
    return {k: v for k, v in refs.items() if v}


def load_account(
    tx: UnitOfWork,
    access: RecordAccess,
    caller: Principal,
    account_id: UUID,
    action: str,
    *,
    deleted: bool = False,
) -> Account:
    """Load for a change, row-locked: 404 when invisible or gone, 403 when not ours to change."""
    account = tx.accounts.get(account_id)
    if account is None or not access.can_see(caller, ACCOUNTS, account):
        raise RecordNotFound("Account", account_id)
    if account.merged_into_id is not None or (account.deleted_at is not None) != deleted:
        raise RecordNotFound("Account", account_id)
    access.require_on(caller, ACCOUNTS, action, account)
    return account


def check_parent(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, account_id: UUID, parent_id: UUID
) -> None:
    """The parent must be a live account the caller can see, and not below this account."""
    parent = tx.accounts.get(parent_id)
    if parent is None or not parent.is_live or not access.can_see(caller, ACCOUNTS, parent):
        raise invalid("parent_id", "is not an existing account")
    seen, current = set(), parent_id
    for _ in range(MAX_HIERARCHY_DEPTH):
        if current is None:
            return
        if current == account_id or current in seen:
            raise invalid("parent_id", "would make the hierarchy a loop")
        seen.add(current)
        current = tx.accounts.parent_of(current)
    raise invalid("parent_id", "the hierarchy is too deep")
