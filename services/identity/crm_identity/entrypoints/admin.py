"""Operator actions on identity's own database (``crmctl service-accounts``, ``crmctl users``).

They run in-process like ``crm-identity-migrate``: the operator's shell has the database,
and no token is needed to make the first administrator or a client.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.errors import AlreadyExists
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.domain.commands import CreateServiceAccount, RegisterUser
from crm_identity.service.audit import SYSTEM


@dataclass(frozen=True)
class NewClient:
    """A service account just made: its secret is shown this once and never stored plain."""

    client_id: str
    secret: str
    scopes: tuple[str, ...]


def create_service_account(
    name: str, scopes: tuple[str, ...], client_id: str | None = None
) -> NewClient:
    """Create a client-credentials client with these scopes; return it with its secret."""
    app = bootstrap(Settings())
    try:
        if client_id:
            with app.uow.read() as tx:
                if tx.service_accounts.by_client_id(client_id) is not None:
                    # The command would meet the unique index instead: say it plainly.
                    raise AlreadyExists(f"A service account {client_id} already exists.")
        account, secret = app.run(
            CreateServiceAccount(name=name, scopes=scopes, client_id=client_id), caller=SYSTEM
        )
    finally:
        app.db.dispose()
    return NewClient(account.client_id, secret, tuple(account.scopes))


def create_admin(email: str, password: str, display_name: str = "Administrator") -> UUID:
    """Register an administrator (the password policy applies); return the user's id."""
    app = bootstrap(Settings())
    try:
        user = app.run(
            RegisterUser(email=email, display_name=display_name, password=password, is_admin=True),
            caller=SYSTEM,
        )
    finally:
        app.db.dispose()
    return user.id
