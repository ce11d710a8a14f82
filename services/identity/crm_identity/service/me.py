"""Who the caller is: the token's facts joined with the current user record."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated
from crm_identity.service.policy import grants_of
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
    is_admin: bool = False
    role: dict[str, str] | None = None
    profiles: tuple[dict[str, str], ...] = field(default_factory=tuple)
    currency: str | None = None
    account_id: str | None = None
    contact_id: str | None = None


class WhoAmI:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

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
            grants = grants_of(tx, user)
        # Role and permissions as they are now; the token may be up to 15 minutes older.
        return Me(
            id=str(user.id),
            kind=user.kind,
            email=user.email,
            display_name=user.display_name,
            roles=user.roles if user.kind == "user" else (),
            permissions=grants.permissions,
            scopes=tuple(sorted(principal.scopes)),
            locale=user.locale,
            time_zone=user.time_zone,
            is_admin=user.is_admin,
            role={"id": str(grants.role.id), "name": grants.role.name} if grants.role else None,
            profiles=tuple({"id": str(p.id), "name": p.name} for p in grants.profiles),
            currency=user.currency,
            account_id=str(user.account_id) if user.account_id else None,
            contact_id=str(user.contact_id) if user.contact_id else None,
        )


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Unauthenticated("The token's subject is not one of ours.") from None
