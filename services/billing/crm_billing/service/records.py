"""Rules every use case applies to the records it touches: who owns a new one, and whether
the caller may see (404 otherwise) and change (403) an existing one."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound, invalid

T = TypeVar("T")


def resolve_owner(caller: Principal, owner_id: UUID | None, access: RecordAccess) -> UUID:
    """The owner of a new record: the one given (an active internal user or a group, the one
    owner rule of :meth:`RecordAccess.check_owner`, else 422), else the calling user."""
    if owner_id is not None:
        if not isinstance(owner_id, UUID):
            try:
                owner_id = UUID(str(owner_id))
            except ValueError:
                raise invalid("owner_id", "must be a UUID") from None
        access.check_owner(owner_id)
        return owner_id
    if caller.kind == "user":
        try:
            return UUID(caller.subject)
        except ValueError:
            pass
    raise invalid("owner_id", "is required for a service caller")


def visible(
    access: RecordAccess,
    caller: Principal,
    module: str,
    kind: str,
    record: T | None,
    record_id: UUID,
    action: str = "view",
) -> T:
    """Return ``record`` when the caller may see it (404 otherwise) and may ``action`` it (403)."""
    if record is None or not access.can_see(caller, module, record):
        raise RecordNotFound(kind, record_id)
    if action != "view":
        access.require_on(caller, module, action, record)
    return record
