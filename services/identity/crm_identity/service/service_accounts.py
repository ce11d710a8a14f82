"""Service-account use cases: create (the secret is shown once), and the suite's own
``svc-<service>`` accounts kept in step with their configured secrets."""

from __future__ import annotations

import secrets
import uuid

from crm_chassis.auth.principal import Principal
from crm_identity.domain.commands import CreateServiceAccount, SyncSystemAccounts
from crm_identity.domain.ports import Clock, PasswordHasher
from crm_identity.domain.service_accounts import (
    ServiceAccount,
    system_client_id,
    system_scopes,
)
from crm_identity.service.audit import actor_of
from crm_identity.service.unit_of_work import IdentityUnitOfWorkFactory


def create_service_account(
    cmd: CreateServiceAccount,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    caller: Principal,
) -> tuple[ServiceAccount, str]:
    """Create an account; return it with its client secret (never retrievable again)."""
    secret = cmd.secret or secrets.token_urlsafe(32)
    account = ServiceAccount.create(
        account_id=uuid.uuid4(),
        client_id=cmd.client_id or "sa-" + secrets.token_hex(8),
        name=cmd.name,
        secret_hash=hasher.hash(secret),
        scopes=cmd.scopes,
        now=clock(),
    )
    with uow() as tx:
        tx.service_accounts.add(account)
        tx.audit.record(
            "service_account.created",
            actor_id=actor_of(caller),
            subject_type="service_account",
            subject_id=account.id,
            details={"client_id": account.client_id, "scopes": list(account.scopes)},
        )
    return account, secret


def _sync_one(
    client_id: str,
    service: str,
    secret: str,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> None:
    secret_hash = hasher.hash(secret)
    now = clock()
    with uow() as tx:
        current = tx.service_accounts.by_client_id(client_id)
        if current is None:
            tx.service_accounts.add(
                ServiceAccount(
                    id=uuid.uuid4(),
                    client_id=client_id,
                    name=f"{service} service",
                    secret_hash=secret_hash,
                    scopes=system_scopes(service),
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
            )
        else:
            current.resync(secret_hash, now, system_scopes(service))
            tx.service_accounts.save(current)
        tx.audit.record(
            "service_account.synced",
            actor_id=None,
            subject_type="service_account",
            subject_id=client_id,
        )


def sync_system_accounts(
    cmd: SyncSystemAccounts,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> list[str]:
    """Ensure ``svc-<service>`` exists with this secret and the system scopes.

    Idempotent: the hash is only replaced when the secret changed (argon2 verify), so
    every process may run it on start. Returns the client ids created or updated.
    """
    touched = []
    for service, secret in sorted(cmd.secrets.items()):
        client_id = system_client_id(service)
        with uow.read() as tx:
            account = tx.service_accounts.by_client_id(client_id)
        if (
            account is not None
            and account.active
            and account.scopes == system_scopes(service)
            and hasher.verify(account.secret_hash, secret)
        ):
            continue
        _sync_one(client_id, service, secret, uow=uow, hasher=hasher, clock=clock)
        touched.append(client_id)
    return touched
