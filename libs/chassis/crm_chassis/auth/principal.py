"""Who is calling: the verified facts of an access token."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ADMIN_ROLE = "admin"


@dataclass(frozen=True)
class Principal:
    """A verified caller. ``kind`` is ``user``, ``service`` or ``portal``."""

    subject: str
    kind: str = "user"
    roles: tuple[str, ...] = ()
    scopes: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()
    email: str | None = None
    name: str | None = None
    token_id: str | None = None
    expires_at: int | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.roles

    def grants(self, permission: str) -> bool:
        """Return True when the token carries ``permission`` (``module.action``) or a wildcard.

        Users carry permissions resolved by identity from their role's profiles; service
        accounts carry OAuth scopes of the same spelling (``billing.invoices.read``).
        """
        if self.is_admin:
            return True
        held = self.permissions | self.scopes
        if permission in held or "*" in held:
            return True
        module, _, _action = permission.rpartition(".")
        return bool(module) and f"{module}.*" in held
