"""Service accounts: other systems (ERP, finance, our own services) using client credentials."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.fields import Checker
from crm_identity.domain import names
from crm_identity.domain.errors import oauth_error

# ``<service>.<module>.<read|write|*>``, ``<service>.*.<read|write>`` or ``<service>.*``,
# the spellings the chassis checks.
_SCOPE = re.compile(r"^[a-z][a-z0-9-]*\.(\*|([a-z][a-z0-9_-]*|\*)\.(read|write|\*))$")

# What the suite's own services may do as themselves (CRM_SERVICE_SECRET_<SERVICE>): only
# work that has no user behind it, each job with the narrowest scope it needs. Every worker
# fetches the access policy; support's e-mail channel matches a mail's sender to a contact,
# and a portal ticket's product is checked against the catalogue (a portal token carries no
# sales scope). A read on a user's behalf carries that user's token, never these
# credentials (docs/architecture.md, "Who reads whom over gRPC").
SYSTEM_SCOPES: tuple[str, ...] = ("identity.policy.read",)
_SYSTEM_JOBS: dict[str, tuple[str, ...]] = {
    "support": ("contacts.contacts.read", "sales.products.read"),
    # The mailing send job resolves lists and segments (contacts, their accounts, leads).
    "marketing": ("contacts.contacts.read", "contacts.accounts.read", "sales.leads.read"),
}


def system_scopes(service: str) -> tuple[str, ...]:
    """The scopes of ``svc-<service>``: the policy fetch, plus that service's own jobs."""
    return SYSTEM_SCOPES + _SYSTEM_JOBS.get(service.lower(), ())


def validate_scopes(scopes: Sequence[str], check: Checker | None = None) -> tuple[str, ...]:
    """The scopes, each once, in order; 422 naming ``scopes`` for a malformed one."""
    errors = check or Checker()
    unique = tuple(dict.fromkeys(scopes))
    bad = [s for s in unique if not _SCOPE.match(s)]
    if bad:
        errors.add("scopes", f"invalid scope(s) {bad}; use '<service>.<module>.read|write'")
    if check is None:
        errors.raise_if_any()
    return unique


def system_client_id(service: str) -> str:
    """The client id of one of the suite's own services."""
    return f"svc-{service.lower()}"


@dataclass
class ServiceAccount:
    id: UUID
    client_id: str
    name: str
    secret_hash: str
    scopes: tuple[str, ...]
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        account_id: UUID,
        client_id: str,
        name: str,
        secret_hash: str,
        scopes: Sequence[str],
        now: datetime,
    ) -> ServiceAccount:
        check = Checker()
        account = cls(
            id=account_id,
            client_id=client_id,
            name=names.name(check, name),
            secret_hash=secret_hash,
            scopes=validate_scopes(scopes, check),
            active=True,
            created_at=now,
            updated_at=now,
        )
        check.raise_if_any()
        return account

    def grant(self, requested: tuple[str, ...]) -> tuple[str, ...]:
        """Return the scopes a token gets: all by default, or the requested subset."""
        if not requested:
            return self.scopes
        extra = [s for s in requested if s not in self.scopes]
        if extra:
            raise oauth_error("invalid_scope", f"scope not granted to this client: {extra}")
        return requested

    def resync(self, secret_hash: str, now: datetime, scopes: tuple[str, ...]) -> None:
        """Give one of the suite's own accounts its current secret and its system scopes."""
        self.secret_hash = secret_hash
        self.scopes = scopes
        self.active = True
        self.updated_at = now
        self.version += 1
