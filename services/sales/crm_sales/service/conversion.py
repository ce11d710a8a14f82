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
from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Forbidden, invalid
from crm_chassis.logging import get_logger
from crm_sales.domain.conversion import (
    DEFAULT_MAPPING,
    MappingRow,
    apply_mapping,
    check_mapping,
)
from crm_sales.domain.opportunities import OPPORTUNITY_FIELDS, Opportunity, OpportunityFields
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.websites import web_domain
from crm_sales.service import leads as lead_cases
from crm_sales.service.access import (
    ACCOUNTS,
    CONTACTS,
    LEADS,
    OPPORTUNITIES,
    Access,
    caller_id,
)

log = get_logger(__name__)
UowFactory = Callable[[], Any]
MAPPING_KEY = "lead_conversion_mapping"


def get_mapping(
    uow_factory: UowFactory, access: Access, principal: Principal
) -> tuple[MappingRow, ...]:
    access.require(principal, LEADS, "view")
    with uow_factory() as uow:
        return _mapping(uow)


def put_mapping(
    uow_factory: UowFactory, access: Access, principal: Principal, rows: list[dict[str, Any]]
) -> tuple[MappingRow, ...]:
    access.require_admin(principal)
    mapping = check_mapping(rows)
    with uow_factory() as uow:
        uow.settings.put(
            MAPPING_KEY, [asdict(r) for r in mapping], now=utcnow(), by=principal.subject
        )
    return mapping


def _mapping(uow: Any) -> tuple[MappingRow, ...]:
    stored = uow.settings.get(MAPPING_KEY)
    return DEFAULT_MAPPING if not stored else tuple(MappingRow(**r) for r in stored)


def convert_lead(
    uow_factory: UowFactory,
    access: Access,
    directory: AccountDirectory,
    principal: Principal,
    lead_id: UUID,
    options: dict[str, Any],
    token: str | None,
) -> dict[str, Any]:
    """Convert a lead; return the ids of the opportunity, account and contact."""
    access.require(principal, LEADS, "edit")
    if not (
        access.allows(principal, ACCOUNTS, "create") or access.allows(principal, CONTACTS, "create")
    ):
        raise Forbidden("Converting a lead needs permission to create accounts or contacts.")
    make_opportunity = options.get("create_opportunity", True)
    if make_opportunity:
        access.require(principal, OPPORTUNITIES, "create")
    with uow_factory() as uow:
        lead = lead_cases.load(uow, access, principal, lead_id, "edit")
        lead.ensure_open()
        mapping = _mapping(uow)
    account, contact, opp_fields = apply_mapping(lead, mapping)

    existing = options.get("account_id")
    if existing is not None:
        if directory.get_account(existing, token=token) is None:
            raise invalid("account_id", "is not an existing account")
    elif not options.get("create_new_account", False):
        existing = directory.find_account(
            name=account.get("name"), domain=web_domain(lead.website, lead.email), token=token
        )

    opp_fields.update(
        {k: v for k, v in (options.get("opportunity") or {}).items() if v is not None}
    )
    # The new records need an owner; a lead nobody owns yet goes to whoever converts it.
    owner_id = options.get("owner_id") or lead.owner_id or caller_id(principal)
    account_id = existing or uuid.uuid4()
    contact_id = uuid.uuid4()
    opportunity_id = uuid.uuid4() if make_opportunity else None
    now = utcnow()
    with uow_factory() as uow:
        lead = lead_cases.load(uow, access, principal, lead_id, "edit")
        if make_opportunity:
            fields = {
                **opp_fields,
                "account_id": account_id,
                "contact_id": contact_id,
                "campaign_id": lead.campaign_id,
                "lead_id": lead.id,
            }
            known = {k: v for k, v in fields.items() if k in OPPORTUNITY_FIELDS}
            opportunity = Opportunity.open(
                id=opportunity_id,
                owner_id=owner_id,
                now=now,
                by=principal.subject,
                fields=OpportunityFields(**known),
            )
            uow.opportunities.add(opportunity)
        lead.convert(
            opportunity_id=opportunity_id,
            account_id=account_id,
            contact_id=contact_id,
            existing_account_id=existing,
            account=account,
            contact=contact,
            opportunity=opp_fields,
            owner_id=owner_id,
            now=now,
            by=principal.subject,
        )
        uow.leads.save(lead)
    log.info(
        "lead.converted",
        lead_id=str(lead_id),
        opportunity_id=str(opportunity_id),
        account_id=str(account_id),
        existing_account=existing is not None,
    )
    return {
        "lead_id": lead_id,
        "opportunity_id": opportunity_id,
        "account_id": account_id,
        "contact_id": contact_id,
        "existing_account": existing is not None,
        "converted_at": now,
    }
