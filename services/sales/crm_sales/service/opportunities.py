"""Opportunity use cases: open, change (stage history, won/lost events), delete."""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, VersionMismatch
from crm_sales.domain.commands import (
    CreateOpportunity,
    DeleteOpportunity,
    ReopenOpportunity,
    UpdateOpportunity,
)
from crm_sales.domain.opportunities import Opportunity
from crm_sales.service.access import OPPORTUNITIES, caller_id
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def create_opportunity(
    cmd: CreateOpportunity, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Opportunity:
    """Open an opportunity, owned by the caller unless an owner is given."""
    access.require(caller, OPPORTUNITIES, "create")
    access.check_writable(caller, OPPORTUNITIES, cmd.sent)
    with uow() as tx:
        opportunity = Opportunity.open(
            id=uuid.uuid4(),
            owner_id=cmd.fields.owner_id or caller_id(caller),
            now=utcnow(),
            by=caller.subject,
            fields=cmd.fields,
        )
        tx.opportunities.add(opportunity)
    return opportunity


def update_opportunity(
    cmd: UpdateOpportunity, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Opportunity:
    """Change the fields the caller sent (a stage change goes to the history)."""
    access.require(caller, OPPORTUNITIES, "edit")
    access.check_writable(caller, OPPORTUNITIES, cmd.sent)
    with uow() as tx:
        opportunity = load(tx, access, caller, cmd.opportunity_id, "edit")
        opportunity.update(
            cmd.fields,
            cmd.sent,
            now=utcnow(),
            by=caller.subject,
            expected_version=cmd.expected_version,
        )
        tx.opportunities.save(opportunity)
    return opportunity


def reopen_opportunity(
    cmd: ReopenOpportunity, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Opportunity:
    """Reopen a closed deal (Closed Won/Lost are final otherwise), with a reason."""
    access.require(caller, OPPORTUNITIES, "edit")
    with uow() as tx:
        opportunity = load(tx, access, caller, cmd.opportunity_id, "edit")
        opportunity.reopen(
            cmd.sales_stage,
            reason=cmd.reason,
            now=utcnow(),
            by=caller.subject,
            expected=cmd.expected_version,
        )
        tx.opportunities.save(opportunity)
    return opportunity


def delete_opportunity(
    cmd: DeleteOpportunity, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete an opportunity (and its stage history)."""
    access.require(caller, OPPORTUNITIES, "delete")
    with uow() as tx:
        opportunity = load(tx, access, caller, cmd.opportunity_id, "delete")
        expected = cmd.expected_version
        if expected is not None and expected != opportunity.version:
            raise VersionMismatch(expected, opportunity.version)
        tx.opportunities.remove(opportunity)


def load(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, opportunity_id: UUID, action: str
) -> Opportunity:
    """Invisible answers 404 (existence must not leak); visible but not ours to change, 403."""
    opportunity = tx.opportunities.get(opportunity_id)
    if opportunity is None or not access.can_see(caller, OPPORTUNITIES, opportunity):
        raise RecordNotFound("Opportunity", opportunity_id)
    access.require_on(caller, OPPORTUNITIES, action, opportunity)
    return opportunity
