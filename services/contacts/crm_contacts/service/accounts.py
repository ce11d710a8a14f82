"""Account use cases: one function per command, dependencies by parameter."""

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
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.errors import AccountNotFound, DuplicateCustomerCode
from crm_contacts.service.access import ACCOUNTS, Access
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
UowFactory = Callable[[], Any]
CODE_SERIES = "ACC"
MAX_HIERARCHY_DEPTH = 50


def format_code(number: int) -> str:
    """ACC-000123: six digits at least, more when the series outgrows them."""
    return f"{CODE_SERIES}-{number:06d}"


def create_account(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    fields: dict[str, Any],
    *,
    account_id: UUID | None = None,
    origin_lead_id: UUID | None = None,
) -> Account:
    """Create an account owned by ``owner_id`` (default: the caller)."""
    access.require(principal, ACCOUNTS, "create")
    access.check_writable(principal, ACCOUNTS, fields.keys())
    with uow_factory() as uow:
        account = new_account(
            uow, access, principal, fields, account_id=account_id, origin_lead_id=origin_lead_id
        )
    log.info("account.created", account_id=str(account.id))
    return account


def new_account(
    uow: UnitOfWork,
    access: Access,
    principal: Principal,
    fields: dict[str, Any],
    *,
    account_id: UUID | None = None,
    origin_lead_id: UUID | None = None,
) -> Account:
    """Build, check and add a new account inside the caller's unit of work."""
    fields = dict(fields)
    owner_id = resolve_owner(uow, principal, fields.pop("owner_id", None), access.is_group)
    account = Account.create(
        id=account_id or uuid.uuid4(),
        owner_id=owner_id,
        now=utcnow(),
        fields=fields,
        origin_lead_id=origin_lead_id,
    )
    if account.parent_id is not None:
        check_parent(uow, access, principal, account.id, account.parent_id)
    assign_code(uow, account)
    uow.accounts.add(account)
    return account


def assign_code(uow: UnitOfWork, account: Account) -> None:
    """Keep a given customer code if it is free; otherwise draw the next ACC-nnnnnn."""
    if account.customer_code is not None:
        account.customer_code = account.customer_code.upper()
        if uow.accounts.code_taken(account.customer_code, except_id=account.id):
            raise DuplicateCustomerCode(account.customer_code)
        return
    while True:
        code = format_code(uow.accounts.allocate_codes(CODE_SERIES)[0])
        # A code typed by hand may already hold a number of the series; skip it.
        if not uow.accounts.code_taken(code):
            account.customer_code = code
            return


def update_account(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    account_id: UUID,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Account:
    """Apply a partial update; 412 when ``expected_version`` is stale."""
    access.require(principal, ACCOUNTS, "edit")
    access.check_writable(principal, ACCOUNTS, changes.keys())
    changes = dict(changes)
    if changes.get("customer_code"):
        changes["customer_code"] = str(changes["customer_code"]).strip().upper()
    with uow_factory() as uow:
        account = load_account(uow, access, principal, account_id, "edit")
        if "owner_id" in changes and changes["owner_id"] != account.owner_id:
            check_owner(uow, changes["owner_id"], access.is_group)
        if changes.get("parent_id") is not None and changes["parent_id"] != account.parent_id:
            check_parent(uow, access, principal, account.id, changes["parent_id"])
        if "customer_code" in changes and not changes["customer_code"]:
            raise InvalidFields([FieldError("customer_code", "must not be empty")])
        changed = account.update(changes, now=utcnow(), expected_version=expected_version)
        if "customer_code" in changed and uow.accounts.code_taken(
            account.customer_code, except_id=account.id
        ):
            raise DuplicateCustomerCode(account.customer_code)
        uow.accounts.save(account)
    if changed:
        log.info("account.updated", account_id=str(account_id), fields=list(changed))
    return account


def restore_account(
    uow_factory: UowFactory, access: Access, principal: Principal, account_id: UUID
) -> Account:
    """Bring back a soft-deleted account within its retention period."""
    access.require(principal, ACCOUNTS, "delete")
    with uow_factory() as uow:
        account = load_account(uow, access, principal, account_id, "delete", deleted=True)
        account.restore(now=utcnow())
        uow.accounts.save(account)
    log.info("account.restored", account_id=str(account_id))
    return account


def soft_delete_account(
    uow: UnitOfWork, account: Account, by: str, expected: int | None, retention: timedelta
) -> None:
    account.delete(now=utcnow(), by=by, expected_version=expected, retention=retention)
    uow.accounts.save(account)
    log.info("account.deleted", account_id=str(account.id))


def account_references(uow: UnitOfWork, account_id: UUID) -> dict[str, int]:
    """What still refers to the account (a delete of a referenced one needs approval)."""
    refs = {
        "contacts": uow.accounts.contact_count(account_id),
        "child_accounts": uow.accounts.child_count(account_id),
    }
    return {k: v for k, v in refs.items() if v}


def load_account(
    uow: UnitOfWork,
    access: Access,
    principal: Principal,
    account_id: UUID,
    action: str,
    *,
    deleted: bool = False,
) -> Account:
    """Load for a change, row-locked: 404 when invisible or gone, 403 when not ours to change."""
    account = uow.accounts.get(account_id)
    if account is None or not access.can_see(principal, ACCOUNTS, account):
        raise AccountNotFound(account_id)
    if account.merged_into_id is not None or (account.deleted_at is not None) != deleted:
        raise AccountNotFound(account_id)
    access.require_on(principal, ACCOUNTS, action, account)
    return account


def check_parent(
    uow: UnitOfWork, access: Access, principal: Principal, account_id: UUID, parent_id: UUID
) -> None:
    """The parent must be a live account the caller can see, and not below this account."""
    parent = uow.accounts.get(parent_id)
    if parent is None or not parent.is_live or not access.can_see(principal, ACCOUNTS, parent):
        raise InvalidFields([FieldError("parent_id", "is not an existing account")])
    seen, current = set(), parent_id
    for _ in range(MAX_HIERARCHY_DEPTH):
        if current is None:
            return
        if current == account_id or current in seen:
            raise InvalidFields([FieldError("parent_id", "would make the hierarchy a loop")])
        seen.add(current)
        current = uow.accounts.parent_of(current)
    raise InvalidFields([FieldError("parent_id", "the hierarchy is too deep")])
