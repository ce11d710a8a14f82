"""Account use cases: one function per command, dependencies by parameter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.errors import AccountHasContacts, AccountNotFound
from crm_contacts.service.access import ACCOUNTS, Access
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
UowFactory = Callable[[], Any]


def create_account(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Account:
    """Create an account owned by ``owner_id`` (default: the caller)."""
    access.require(principal, ACCOUNTS, "create")
    access.check_writable(principal, ACCOUNTS, fields.keys())
    fields = dict(fields)
    with uow_factory() as uow:
        owner_id = resolve_owner(uow, principal, fields.pop("owner_id", None), access.is_group)
        account = Account.create(id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), fields=fields)
        uow.accounts.add(account)
    log.info("account.created", account_id=str(account.id))
    return account


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
    with uow_factory() as uow:
        account = _load(uow, access, principal, account_id, "edit")
        if "owner_id" in changes and changes["owner_id"] != account.owner_id:
            check_owner(uow, changes["owner_id"], access.is_group)
        changed = account.update(changes, now=utcnow(), expected_version=expected_version)
        uow.accounts.save(account)
    if changed:
        log.info("account.updated", account_id=str(account_id), fields=list(changed))
    return account


def delete_account(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    account_id: UUID,
    expected_version: int | None,
) -> None:
    """Delete an account that has no contacts (409 otherwise)."""
    access.require(principal, ACCOUNTS, "delete")
    with uow_factory() as uow:
        account = _load(uow, access, principal, account_id, "delete")
        account.expect_version(expected_version)
        if uow.accounts.has_contacts(account_id):
            raise AccountHasContacts(account_id)
        account.delete(now=utcnow(), by=principal.subject, expected_version=expected_version)
        uow.accounts.remove(account)
    log.info("account.deleted", account_id=str(account_id))


def _load(
    uow: UnitOfWork, access: Access, principal: Principal, account_id: UUID, action: str
) -> Account:
    # Invisible answers 404 (existence must not leak); visible but not ours to change, 403.
    account = uow.accounts.get(account_id)
    if account is None or not access.can_see(principal, ACCOUNTS, account):
        raise AccountNotFound(account_id)
    access.require_on(principal, ACCOUNTS, action, account)
    return account
