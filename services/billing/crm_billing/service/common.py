"""Helpers the use cases share: dependencies, owners, loading visible records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_access import RecordAccess
from crm_billing.domain.errors import FieldError, InvalidFields, RecordNotFound
from crm_billing.service.clock import Clock
from crm_chassis.auth.principal import Principal


@dataclass(frozen=True)
class Deps:
    """What every use case needs: transactions, access decisions and the clock."""

    uow: Callable[[], Any]
    access: RecordAccess
    clock: Clock


def resolve_owner(principal: Principal, owner_id: Any) -> UUID:
    """The owner of a new record: the one given, else the calling user."""
    if owner_id is not None:
        if isinstance(owner_id, UUID):
            return owner_id
        try:
            return UUID(str(owner_id))
        except ValueError:
            raise InvalidFields([FieldError("owner_id", "must be a UUID")]) from None
    if principal.kind == "user":
        try:
            return UUID(principal.subject)
        except ValueError:
            pass
    raise InvalidFields([FieldError("owner_id", "is required for a service caller")])


def load_visible(
    deps: Deps,
    principal: Principal,
    module: str,
    kind: str,
    record: Any,
    record_id: UUID,
    action: str = "view",
) -> Any:
    """Return ``record`` when the caller may see it (404 otherwise) and may ``action`` it (403)."""
    if record is None or not deps.access.can_see(principal, module, record):
        raise RecordNotFound(kind, record_id)
    if action != "view":
        deps.access.require_on(principal, module, action, record)
    return record
