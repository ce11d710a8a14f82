"""Service-account use cases: create (the secret is shown once), read."""

from __future__ import annotations

import secrets
import uuid
from uuid import UUID

from crm_identity.domain.errors import ServiceAccountNotFound
from crm_identity.domain.passwords import PasswordHasher
from crm_identity.domain.service_accounts import ServiceAccount, validate_name, validate_scopes
from crm_identity.service.unit_of_work import UnitOfWork

# What the suite's own services may do as themselves (CRM_SERVICE_SECRET_<SERVICE>).
SYSTEM_SCOPES: tuple[str, ...] = (
    "identity.policy.read",
    "identity.users.read",
    "contacts.*.read",
    "sales.*.read",
    "billing.*.read",
    "support.*.read",
    "marketing.*.read",
)


class ServiceAccountUseCases:
    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher) -> None:
        self.uow = uow
        self.hasher = hasher

    def create(
        self,
        *,
        name: str,
        scopes: list[str],
        actor: str | None = None,
        client_id: str | None = None,
        secret: str | None = None,
    ) -> tuple[ServiceAccount, str]:
        """Create an account; return it with its client secret (never retrievable again)."""
        name = validate_name(name)
        granted = validate_scopes(scopes)
        secret = secret or secrets.token_urlsafe(32)
        now = self.uow.clock()
        account = ServiceAccount(
            id=uuid.uuid4(),
            client_id=client_id or "sa-" + secrets.token_hex(8),
            name=name,
            secret_hash=self.hasher.hash(secret),
            scopes=granted,
            active=True,
            created_at=now,
            updated_at=now,
        )
        with self.uow.write() as tx:
            tx.service_accounts.add(account)
            tx.audit.record(
                "service_account.created",
                actor_id=actor,
                subject_type="service_account",
                subject_id=account.id,
                details={"client_id": account.client_id, "scopes": list(account.scopes)},
            )
        return account, secret

    def ensure_system_accounts(self, secrets_by_service: dict[str, str]) -> list[str]:
        """Ensure ``svc-<service>`` exists with this secret and the system scopes.

        Idempotent: the hash is only replaced when the secret changed (argon2 verify), so
        every process may run it on start. Returns the client ids created or updated.
        """
        touched = []
        for service, secret in sorted(secrets_by_service.items()):
            client_id = f"svc-{service.lower()}"
            with self.uow.read() as tx:
                account = tx.service_accounts.by_client_id(client_id)
            if (
                account is not None
                and account.active
                and account.scopes == SYSTEM_SCOPES
                and (self.hasher.verify(account.secret_hash, secret))
            ):
                continue
            secret_hash = self.hasher.hash(secret)
            now = self.uow.clock()
            with self.uow.write() as tx:
                current = tx.service_accounts.by_client_id(client_id)
                if current is None:
                    tx.service_accounts.add(
                        ServiceAccount(
                            id=uuid.uuid4(),
                            client_id=client_id,
                            name=f"{service} service",
                            secret_hash=secret_hash,
                            scopes=SYSTEM_SCOPES,
                            active=True,
                            created_at=now,
                            updated_at=now,
                        )
                    )
                else:
                    current.secret_hash = secret_hash
                    current.scopes = SYSTEM_SCOPES
                    current.active = True
                    current.updated_at = now
                    current.version += 1
                    tx.service_accounts.save(current)
                tx.audit.record(
                    "service_account.synced",
                    actor_id=None,
                    subject_type="service_account",
                    subject_id=client_id,
                )
            touched.append(client_id)
        return touched

    def get(self, account_id: UUID) -> ServiceAccount:
        with self.uow.read() as tx:
            account = tx.service_accounts.get(account_id)
        if account is None:
            raise ServiceAccountNotFound()
        return account
