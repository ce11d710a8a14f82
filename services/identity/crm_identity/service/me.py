"""Who the caller is: the token's facts joined with the current user record."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated
from crm_identity.domain.roles import RoleCatalog
from crm_identity.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Me:
    id: str
    kind: str
    email: str | None
    display_name: str | None
    roles: tuple[str, ...]
    permissions: tuple[str, ...]
    scopes: tuple[str, ...]
    locale: str | None
    time_zone: str | None


class WhoAmI:
    def __init__(self, uow: UnitOfWork, catalog: RoleCatalog) -> None:
        self.uow = uow
        self.catalog = catalog

    def __call__(self, principal: Principal) -> Me:
        if principal.kind == "service":
            with self.uow.read() as tx:
                account = tx.service_accounts.get(_uuid(principal.subject))
            if account is None or not account.active:
                raise Unauthenticated("The service account no longer exists.")
            return Me(
                id=str(account.id),
                kind="service",
                email=None,
                display_name=account.name,
                roles=(),
                permissions=(),
                scopes=tuple(sorted(principal.scopes)),
                locale=None,
                time_zone=None,
            )
        with self.uow.read() as tx:
            user = tx.users.get(_uuid(principal.subject))
        if user is None or not user.active:
            raise Unauthenticated("The user no longer exists or is deactivated.")
        # Roles and permissions as they are now; the token may be up to 15 minutes older.
        return Me(
            id=str(user.id),
            kind="user",
            email=user.email,
            display_name=user.display_name,
            roles=user.roles,
            permissions=tuple(self.catalog.permissions_for(user.roles)),
            scopes=(),
            locale=user.locale,
            time_zone=user.time_zone,
        )


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Unauthenticated("The token's subject is not one of ours.") from None
