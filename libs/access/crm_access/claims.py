"""Decide from the token alone: the claims-based policy, for callers without a snapshot.

:class:`ClaimsAccessPolicy` trusts what identity signed into the token: a ``module.action``
permission (administrators hold ``*``) or, for a service account, an OAuth scope such as
``contacts.accounts.read``. It implements the chassis's
:class:`~crm_chassis.auth.policy.AccessPolicy` hook; identity, the source of the policy,
uses it for service accounts, while the other services decide with a
:class:`~crm_access.store.PolicyStore`.
"""

from __future__ import annotations

from crm_access.model import READ_ACTIONS
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden


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
