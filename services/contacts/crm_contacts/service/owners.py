"""Owner directory use cases: apply identity's user facts; decide who may own records."""

from __future__ import annotations

from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import ApplyOwnerFact
from crm_contacts.domain.owners import ensure_assignable, reconcile
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


def apply_owner_fact(cmd: ApplyOwnerFact, *, uow: UnitOfWorkFactory) -> bool:
    """Store what identity says about a user; return True when anything changed.

    Events can arrive out of order (retries, redelivery): see :func:`reconcile`.
    """
    fact = cmd.owner
    with uow() as tx:
        merged = reconcile(tx.owners.get(fact.id), fact)
        if merged is None:
            log.info("owner.fact_ignored", owner_id=str(fact.id), reason="not newer")
            return False
        tx.owners.put(merged)
    log.info("owner.fact_applied", owner_id=str(merged.id), active=merged.active)
    return True


def resolve_owner(
    uow: UnitOfWork, principal: Principal, owner_id: UUID | None, access: RecordAccess
) -> UUID:
    """Return the owner a new record gets (default: the caller), refusing unknown/inactive."""
    if owner_id is None:
        owner_id = caller_user_id(principal)
        if owner_id is None:
            raise InvalidFields([FieldError("owner_id", "is required for a service caller")])
    check_owner(uow, owner_id, access)
    return owner_id


def check_owner(uow: UnitOfWork, owner_id: UUID | None, access: RecordAccess) -> None:
    """Refuse (422) an owner that is not an active internal user or a group: the one rule of
    :meth:`RecordAccess.check_owner`. A user the policy copy does not name yet (brand new)
    is looked up in the owner directory, which identity's user events feed as well."""
    if owner_id is None:
        raise InvalidFields([FieldError("owner_id", "must not be null")])
    access.check_owner(
        owner_id, unknown=lambda known: ensure_assignable(known, uow.owners.get(known))
    )


def caller_user_id(principal: Principal) -> UUID | None:
    """Return the caller's user id when the caller is a user with a UUID subject."""
    if principal.kind != "user":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:
        return None
