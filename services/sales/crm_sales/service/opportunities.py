"""Opportunity use cases: open, change (stage history, won/lost events), delete."""

from __future__ import annotations

import uuid
from dataclasses import replace
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Conflict, RecordNotFound, VersionMismatch
from crm_sales.domain.commands import (
    CreateOpportunity,
    DeleteOpportunity,
    ReopenOpportunity,
    UpdateOpportunity,
)
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.ports import AccountDirectory
from crm_sales.service.access import OPPORTUNITIES, caller_id
from crm_sales.service.references import checked_account
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def create_opportunity(
    cmd: CreateOpportunity,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Opportunity:
    """Open an opportunity, owned by the caller unless an owner is given; its account and
    contact must exist, the contact at that account (422 naming the field)."""
    access.require(caller, OPPORTUNITIES, "create")
    access.check_writable(caller, OPPORTUNITIES, cmd.sent)
    fields = cmd.fields
    if fields.owner_id is not None:
        access.check_owner(fields.owner_id)
    account_id = checked_account(
        directory, account_id=fields.account_id, contact_id=fields.contact_id, token=cmd.token
    )
    with uow() as tx:
        opportunity = Opportunity.open(
            id=uuid.uuid4(),
            owner_id=fields.owner_id or caller_id(caller),
            now=utcnow(),
            by=caller.subject,
            fields=replace(fields, account_id=account_id),
        )
        tx.opportunities.add(opportunity)
    return opportunity


def update_opportunity(
    cmd: UpdateOpportunity,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Opportunity:
    """Change the fields the caller sent (a stage change goes to the history); a new
    account or contact is checked like on create."""
    access.require(caller, OPPORTUNITIES, "edit")
    access.check_writable(caller, OPPORTUNITIES, cmd.sent)
    if "owner_id" in cmd.sent:
        access.check_owner(cmd.fields.owner_id)
    fields, checked = _checked_references(cmd, uow, access, caller, directory)
    with uow() as tx:
        opportunity = load(tx, access, caller, cmd.opportunity_id, "edit")
        if checked is not None and (opportunity.account_id, opportunity.contact_id) != checked:
            raise Conflict("The opportunity's account or contact changed meanwhile; retry.")
        opportunity.update(
            fields,
            cmd.sent,
            now=utcnow(),
            by=caller.subject,
            expected_version=cmd.expected_version,
        )
        tx.opportunities.save(opportunity)
    return opportunity


def _checked_references(
    cmd: UpdateOpportunity,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    caller: Principal,
    directory: AccountDirectory,
) -> tuple[OpportunityFields, tuple[UUID | None, UUID | None] | None]:
    """The fields to apply, and the (account, contact) the check relied on (None: nothing
    to check). A new account is asked about; a contact is checked against the account the
    opportunity will have."""
    sent = cmd.sent & {"account_id", "contact_id"}
    if not sent:
        return cmd.fields, None
    with uow() as tx:
        current = load(tx, access, caller, cmd.opportunity_id, "edit")
        stored = (current.account_id, current.contact_id)
    new_account = "account_id" in sent
    account_id = cmd.fields.account_id if new_account else current.account_id
    contact_id = cmd.fields.contact_id if "contact_id" in sent else current.contact_id
    resolved = checked_account(
        directory,
        account_id=account_id,
        contact_id=contact_id,
        token=cmd.token,
        ask_account=new_account,
    )
    fields = replace(cmd.fields, account_id=resolved) if new_account else cmd.fields
    return fields, stored


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
