"""The hook through which the HTTP and gRPC layers ask "may this caller do X on Y".

The chassis only calls it: a route declared with ``permission=(module, action)`` runs
``check`` after the token is verified, and servicers call it the same way. What the answer
is (roles, profiles, sharing, scopes) is the service's decision, passed in as any object
with this method; the CRM's is in ``crm_access``.
"""

from __future__ import annotations

from typing import Protocol

from crm_chassis.auth.principal import Principal


class AccessPolicy(Protocol):
    def check(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless ``principal`` may do ``action`` on ``module``."""
