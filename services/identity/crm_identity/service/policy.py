"""What a user's role grants: its profiles and the ``module.action`` they add up to."""

from __future__ import annotations

from dataclasses import dataclass

from crm_identity.domain.profiles import WILDCARD, Profile, permissions
from crm_identity.domain.roles import Role
from crm_identity.domain.users import User
from crm_identity.service.unit_of_work import IdentityUnitOfWork


@dataclass(frozen=True)
class Grants:
    """A user's role, its profiles and the ``module.action`` permissions they add up to."""

    role: Role | None
    profiles: tuple[Profile, ...]
    permissions: tuple[str, ...]


def grants_of(tx: IdentityUnitOfWork, user: User) -> Grants:
    """Resolve a user's role and profiles inside ``tx``; administrators hold ``*``."""
    if user.kind != "user":
        return Grants(None, (), ())
    role = tx.roles.get(user.role_id) if user.role_id else None
    profiles = tuple(tx.profiles.get_many(role.profile_ids)) if role else ()
    perms = (WILDCARD,) if user.is_admin else tuple(permissions(profiles))
    return Grants(role, profiles, perms)
