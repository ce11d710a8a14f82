"""Lead conversion (flow 1): lead -> opportunity in sales, account and contact in contacts.

Sales decides every id up front and answers with all three at once. The conversion is one
transaction here (lead marked converted, opportunity created, LeadConverted in the outbox);
contacts creates the account and contact with those ids from the event, idempotently. The
remote question "does this account exist?" is asked before the transaction, so no row lock
is held across a network call; the lock taken inside re-checks the lead, so of two
concurrent conversions exactly one wins and the other is a 409.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, replace
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden, invalid
from crm_chassis.logging import get_logger
from crm_sales.domain.commands import ConvertLead, ReplaceConversionMapping
from crm_sales.domain.conversion import (
    MAPPING_SETTING,
    Conversion,
    MappingRow,
    apply_mapping,
    check_mapping,
    mapping_from,
    opportunity_fields,
)
from crm_sales.domain.leads import Lead
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.websites import web_domain
from crm_sales.service.access import (
    ACCOUNTS,
    CONTACTS,
    LEADS,
    OPPORTUNITIES,
    caller_id,
    require_admin,
)
from crm_sales.service.leads import load
from crm_sales.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def replace_conversion_mapping(
    cmd: ReplaceConversionMapping,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    caller: Principal,
) -> tuple[MappingRow, ...]:
    """Replace the conversion mapping (administrators)."""
    require_admin(access, caller)
    mapping = check_mapping(cmd.rows)
    with uow() as tx:
        rows = [asdict(r) for r in mapping]
        tx.settings.put(MAPPING_SETTING, rows, now=utcnow(), by=caller.subject)
    return mapping


def convert_lead(
    cmd: ConvertLead,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Conversion:
    """Convert a lead; answer the ids of its opportunity, account and contact."""
    _may_convert(access, caller, cmd.create_opportunity)
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        lead.ensure_open()
        mapping = mapping_from(tx.settings.get(MAPPING_SETTING))
    account, contact, mapped_opportunity = apply_mapping(lead, mapping)
    existing = _existing_account(directory, cmd, lead, str(account["name"]))
    # The new records need an owner; a lead nobody owns yet goes to whoever converts it.
    owner_id = cmd.owner_id or lead.owner_id or caller_id(caller)
    conversion = Conversion(
        lead_id=cmd.lead_id,
        opportunity_id=uuid.uuid4() if cmd.create_opportunity else None,
        account_id=existing or uuid.uuid4(),
        contact_id=uuid.uuid4(),
        existing_account=existing is not None,
        converted_at=utcnow(),
    )
    opportunity = opportunity_fields(mapped_opportunity, cmd.opportunity)
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        if conversion.opportunity_id is not None:
            tx.opportunities.add(_opportunity(lead, conversion, opportunity, owner_id, caller))
        lead.convert(
            conversion=conversion,
            account=account,
            contact=contact,
            opportunity=opportunity,
            owner_id=owner_id,
            by=caller.subject,
        )
        tx.leads.save(lead)
    log.info(
        "lead.converted",
        lead_id=str(cmd.lead_id),
        opportunity_id=str(conversion.opportunity_id),
        account_id=str(conversion.account_id),
        existing_account=conversion.existing_account,
    )
    return conversion


def _may_convert(access: RecordAccess, caller: Principal, with_opportunity: bool) -> None:
    access.require(caller, LEADS, "edit")
    if not (access.allows(caller, ACCOUNTS, "create") or access.allows(caller, CONTACTS, "create")):
        raise Forbidden("Converting a lead needs permission to create accounts or contacts.")
    if with_opportunity:
        access.require(caller, OPPORTUNITIES, "create")


def _existing_account(
    directory: AccountDirectory, cmd: ConvertLead, lead: Lead, name: str
) -> UUID | None:
    """The account to reuse: the one named, or one with the lead's company name or domain."""
    if cmd.account_id is not None:
        if directory.get_account(cmd.account_id, token=cmd.token) is None:
            raise invalid("account_id", "is not an existing account")
        return cmd.account_id
    if cmd.create_new_account:
        return None
    domain = web_domain(lead.website, lead.email)
    return directory.find_account(name=name, domain=domain, token=cmd.token)


def _opportunity(
    lead: Lead,
    conversion: Conversion,
    fields: OpportunityFields,
    owner_id: UUID | None,
    caller: Principal,
) -> Opportunity:
    """The lead's opportunity, pointing at its account and contact."""
    assert conversion.opportunity_id is not None
    return Opportunity.open(
        id=conversion.opportunity_id,
        owner_id=owner_id,
        now=conversion.converted_at,
        by=caller.subject,
        fields=replace(
            fields,
            account_id=conversion.account_id,
            contact_id=conversion.contact_id,
            campaign_id=lead.campaign_id,
            lead_id=lead.id,
        ),
    )
