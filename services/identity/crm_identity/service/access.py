"""Who may use identity's admin API: administrators (checked live), and service scopes.

Identity is the source of the policy, so it does not need a copy of it: administration
("settings" in the decision order) is for users whose record says ``is_admin`` right now,
whatever an older token claims; service accounts act within their ``identity.*`` scopes.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import ClaimsAccessPolicy
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden
from crm_identity.service.unit_of_work import UnitOfWork


class IdentityAccess:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._scopes = ClaimsAccessPolicy("identity")

    def is_admin(self, principal: Principal) -> bool:
        if principal.kind != "user":
            return False
        try:
            user_id = UUID(principal.subject)
        except ValueError:
            return False
        with self.uow.read() as tx:
            user = tx.users.get(user_id)
        return user is not None and user.active and user.is_admin and user.kind == "user"

    def check(self, principal: Principal, module: str, action: str) -> None:
        if principal.kind == "service":
            if module != "settings" and self._scopes.allows(principal, module, action):
                return
        elif self.is_admin(principal):
            return
        raise Forbidden(f"You may not {action} {module}; administrators only.")
