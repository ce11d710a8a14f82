"""Read side of the policy: the published snapshot, and what a user's role grants."""

from __future__ import annotations

from dataclasses import dataclass

from crm_access.model import PolicySnapshot
from crm_identity.domain.profiles import WILDCARD, Profile, permissions
from crm_identity.domain.roles import Role
from crm_identity.domain.users import User
from crm_identity.service.unit_of_work import Tx, UnitOfWork


@dataclass(frozen=True)
class Grants:
    """A user's role, its profiles and the ``module.action`` permissions they add up to."""

    role: Role | None
    profiles: tuple[Profile, ...]
    permissions: tuple[str, ...]


def grants_of(tx: Tx, user: User) -> Grants:
    """Resolve a user's role and profiles inside ``tx``; administrators hold ``*``."""
    if user.kind != "user":
        return Grants(None, (), ())
    role = tx.roles.get(user.role_id) if user.role_id else None
    profiles = tuple(tx.profiles.get_many(role.profile_ids)) if role else ()
    perms = (WILDCARD,) if user.is_admin else tuple(permissions(profiles))
    return Grants(role, profiles, perms)


class PolicyQueries:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def snapshot(self) -> PolicySnapshot:
        """Return the snapshot of the latest published version."""
        with self.uow.read() as tx:
            version, text = tx.policy.current()
            if text is not None:
                return PolicySnapshot.from_json(text)
            # Not published yet (first start in progress): build it, unversioned.
            return tx.build_snapshot(version)
