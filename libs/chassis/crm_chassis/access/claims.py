"""The hook through which a service decides whether a caller may act on a module.

The chassis ships :class:`ClaimsAccessPolicy`, which trusts the permissions identity put in
the token. The full model (roles below roles, groups, sharing rules, field access) plugs in
later as another :class:`AccessPolicy` that each service passes to its app and gRPC server;
record-level filtering belongs to the service's queries, fed by the same policy.
"""

from __future__ import annotations

from typing import Protocol

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

READ_ACTIONS = frozenset({"view", "read", "list", "export"})


class AccessPolicy(Protocol):
    def check(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless ``principal`` may do ``action`` on ``module``."""


class ClaimsAccessPolicy:
    """Decide from token claims: admin, a ``module.action`` permission, or a service scope."""

    def __init__(self, service: str) -> None:
        self.service = service

    def allows(self, principal: Principal, module: str, action: str) -> bool:
        if principal.grants(f"{module}.{action}"):
            return True
        # Service accounts carry OAuth scopes such as ``contacts.accounts.read``.
        access = "read" if action in READ_ACTIONS else "write"
        return bool(
            {f"{self.service}.{module}.{access}", f"{self.service}.{module}.*", f"{self.service}.*"}
            & principal.scopes
        )

    def check(self, principal: Principal, module: str, action: str) -> None:
        if not self.allows(principal, module, action):
            raise Forbidden(f"You may not {action} {module}.")
