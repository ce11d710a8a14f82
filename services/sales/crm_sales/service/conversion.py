"""Lead conversion (flow 1): lead -> opportunity in sales, account and contact in contacts.

Contacts decides the account and contact: sales calls its ConvertLead RPC with the caller's
token and the mapped values, and contacts matches (by normalised company name or web
domain, never a free-mail domain; a contact by e-mail or sales' duplicate flag) or creates
them in ONE transaction that serialises conversions of the same company, idempotently by
lead id. That call happens between two short transactions here, so no row lock is held
across the network; the second transaction re-checks the lead (of two concurrent
conversions exactly one wins, the other is a 409 and got the same ids from contacts), creates
the opportunity, marks the lead converted and writes LeadConverted to the outbox (contacts'
handler of it then has nothing left to do).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any
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
    MappedValue,
    MappingRow,
    apply_mapping,
    check_mapping,
    mapping_from,
    opportunity_fields,
)
from crm_sales.domain.leads import Lead
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.ports import AccountDirectory, LeadConversionAnswer, LeadConversionRequest
from crm_sales.service.access import (
    ACCOUNTS,
    CONTACTS,
    LEADS,
    OPPORTUNITIES,
    caller_id,
    require_admin,
)
from crm_sales.service.leads import checked, load
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

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
    if cmd.owner_id is not None:
        access.check_owner(cmd.owner_id)
    # Only reads: no write lock is queued for (the second transaction re-checks the lead).
    with uow.reading() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        lead.ensure_open()
        mapping = mapping_from(tx.settings.get(MAPPING_SETTING))
        duplicate_contact = _duplicate_contact(tx, lead)
    account, contact, mapped_opportunity = apply_mapping(lead, mapping)
    # The new records need an owner; a lead nobody owns yet goes to whoever converts it.
    owner_id = cmd.owner_id or lead.owner_id or caller_id(caller)
    if owner_id is None:
        raise invalid("owner_id", "is required when a service converts a lead nobody owns")
    opportunity = opportunity_fields(mapped_opportunity, cmd.opportunity)
    conversion = _checked_provisionally(cmd, lead, opportunity, owner_id, caller)
    # Contacts decides (and creates) the account and contact in one transaction of its own,
    # idempotently by lead id; unreachable, it is a 503 and nothing here has changed.
    answer = directory.convert_lead(
        _request(cmd, lead, owner_id, account, contact, duplicate_contact), token=cmd.token
    )
    conversion = replace(conversion, **_ids(answer))
    # Built before the write transaction: only the re-check and the writes hold the lock.
    opened = None
    if conversion.opportunity_id is not None:
        opened = _opportunity(lead, conversion, opportunity, owner_id, caller)
    with uow() as tx:
        lead = _again(tx, access, caller, lead)
        if opened is not None:
            tx.opportunities.add(opened)
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
        existing_contact=conversion.existing_contact,
    )
    return conversion


def _ids(answer: LeadConversionAnswer) -> dict[str, Any]:
    """What contacts answered, as the conversion's fields."""
    return {
        "account_id": answer.account_id,
        "contact_id": answer.contact_id,
        "existing_account": answer.existing_account,
        "existing_contact": answer.existing_contact,
    }


def _again(tx: UnitOfWork, access: RecordAccess, caller: Principal, lead: Lead) -> Lead:
    """The lead inside the write transaction: the copy already read while its row is still
    at that version (its access decided again), else read afresh. Reading and building it a
    second time was a sixth of sales' CPU per conversion, inside the write lock (py-spy)."""
    current = lead if tx.leads.adopt(lead) else tx.leads.get(lead.id)
    return checked(access, caller, current, lead.id, "edit")


def _may_convert(access: RecordAccess, caller: Principal, with_opportunity: bool) -> None:
    access.require(caller, LEADS, "edit")
    if not (access.allows(caller, ACCOUNTS, "create") or access.allows(caller, CONTACTS, "create")):
        raise Forbidden("Converting a lead needs permission to create accounts or contacts.")
    if with_opportunity:
        access.require(caller, OPPORTUNITIES, "create")


def _checked_provisionally(
    cmd: ConvertLead,
    lead: Lead,
    opportunity: OpportunityFields,
    owner_id: UUID,
    caller: Principal,
) -> Conversion:
    """The conversion with placeholder account and contact ids, its opportunity built once
    so that bad opportunity options are a 422 before contacts writes anything."""
    conversion = Conversion(
        lead_id=cmd.lead_id,
        opportunity_id=uuid.uuid4() if cmd.create_opportunity else None,
        account_id=uuid.uuid4(),
        contact_id=uuid.uuid4(),
        existing_account=False,
        converted_at=utcnow(),
    )
    if conversion.opportunity_id is not None:
        _opportunity(lead, conversion, opportunity, owner_id, caller)
    return conversion


def _request(
    cmd: ConvertLead,
    lead: Lead,
    owner_id: UUID,
    account: Mapping[str, MappedValue],
    contact: Mapping[str, MappedValue],
    duplicate_contact: UUID | None,
) -> LeadConversionRequest:
    return LeadConversionRequest(
        lead_id=lead.id,
        owner_id=owner_id,
        account=account,
        contact=contact,
        website=lead.website,
        email=lead.email,
        tags=tuple(lead.tags),
        account_id=cmd.account_id,
        create_new_account=cmd.create_new_account,
        contact_id=cmd.contact_id,
        create_new_contact=cmd.create_new_contact,
        duplicate_contact_id=duplicate_contact,
    )


def _duplicate_contact(tx: UnitOfWork, lead: Lead) -> UUID | None:
    """The contact of the lead this one duplicates, when that lead was converted already."""
    if lead.duplicate_of is None:
        return None
    original = tx.leads.get(lead.duplicate_of)
    return original.contact_id if original is not None and original.converted else None


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
