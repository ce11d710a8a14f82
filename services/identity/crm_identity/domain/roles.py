"""Roles and the permissions each grants.

A first cut: two built-in roles with a fixed permission set each. The later model (roles in a
hierarchy, profiles of module x action, groups, sharing rules) replaces :data:`CATALOG` with
one loaded from the database; callers only ever ask :meth:`RoleCatalog.permissions_for`, so
they do not change when it does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ADMIN = "admin"
USER = "user"
WILDCARD = "*"

# Modules an ordinary user works in every day, and what they may do there.
_EVERYDAY_MODULES = (
    "accounts",
    "contacts",
    "leads",
    "opportunities",
    "quotes",
    "tasks",
    "events",
    "notes",
    "tickets",
)
_READ_ONLY_MODULES = ("products", "price-books", "campaigns", "kb")


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: frozenset[str]


class RoleCatalog:
    """The known roles; resolves role names to ``module.action`` permissions."""

    def __init__(self, roles: Iterable[Role]) -> None:
        self._roles = {r.name: r for r in roles}

    def names(self) -> list[str]:
        return sorted(self._roles)

    def get(self, name: str) -> Role | None:
        return self._roles.get(name)

    def is_known(self, name: str) -> bool:
        return name in self._roles

    def permissions_for(self, role_names: Iterable[str]) -> list[str]:
        """Return the sorted union of the permissions of ``role_names`` (``*`` alone if any)."""
        perms: set[str] = set()
        for name in role_names:
            role = self._roles.get(name)
            if role is not None:
                perms |= role.permissions
        if WILDCARD in perms:
            return [WILDCARD]
        return sorted(perms)


CATALOG = RoleCatalog(
    [
        Role(ADMIN, "Administrator: may do everything.", frozenset({WILDCARD})),
        Role(
            USER,
            "Standard user: works with customer records, reads catalogues.",
            frozenset(
                {f"{m}.{a}" for m in _EVERYDAY_MODULES for a in ("view", "create", "edit")}
                | {f"{m}.view" for m in _READ_ONLY_MODULES}
            ),
        ),
    ]
)
