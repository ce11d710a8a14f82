"""Service-account use cases: create (the secret is shown once), read."""

from __future__ import annotations

import secrets
import uuid
from uuid import UUID

from crm_identity.domain.errors import ServiceAccountNotFound
from crm_identity.domain.passwords import PasswordHasher
from crm_identity.domain.service_accounts import ServiceAccount, validate_name, validate_scopes
from crm_identity.service.unit_of_work import UnitOfWork


class ServiceAccountUseCases:
    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher) -> None:
        self.uow = uow
        self.hasher = hasher

    def create(self, *, name: str, scopes: list[str]) -> tuple[ServiceAccount, str]:
        """Create an account; return it with its client secret (never retrievable again)."""
        name = validate_name(name)
        granted = validate_scopes(scopes)
        secret = secrets.token_urlsafe(32)
        now = self.uow.clock()
        account = ServiceAccount(
            id=uuid.uuid4(),
            client_id="sa-" + secrets.token_hex(8),
            name=name,
            secret_hash=self.hasher.hash(secret),
            scopes=granted,
            active=True,
            created_at=now,
            updated_at=now,
        )
        with self.uow.write() as tx:
            tx.service_accounts.add(account)
        return account, secret

    def get(self, account_id: UUID) -> ServiceAccount:
        with self.uow.read() as tx:
            account = tx.service_accounts.get(account_id)
        if account is None:
            raise ServiceAccountNotFound()
        return account
