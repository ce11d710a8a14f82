"""Service accounts: other systems (ERP, finance, our own services) using client credentials."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_identity.domain.errors import InvalidField, oauth_error

# ``<service>.<module>.<read|write|*>``, ``<service>.*.<read|write>`` or ``<service>.*``,
# the spellings the chassis checks.
_SCOPE = re.compile(r"^[a-z][a-z0-9-]*\.(\*|([a-z][a-z0-9_-]*|\*)\.(read|write|\*))$")


def validate_scopes(scopes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(scopes))
    bad = [s for s in names if not _SCOPE.match(s)]
    if bad:
        raise InvalidField("scopes", f"invalid scope(s) {bad}; use '<service>.<module>.read|write'")
    return names


def validate_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidField("name", "must be 1 to 200 characters long")
    return name


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

    def grant(self, requested: tuple[str, ...]) -> tuple[str, ...]:
        """Return the scopes a token gets: all by default, or the requested subset."""
        if not requested:
            return self.scopes
        extra = [s for s in requested if s not in self.scopes]
        if extra:
            raise oauth_error("invalid_scope", f"scope not granted to this client: {extra}")
        return requested
