"""sales.lead.converted: create (or match) the account and create the contact, exactly once.

Sales generated the ids and already returned them to its caller, so the records are created
WITH THOSE IDS. Exactly-once comes from two guards: the consumer's inbox (a redelivered
event id has no second effect) and the ids themselves (a record that already exists with
the id is left alone, so even a re-sent event with a new id changes nothing).

The event is a fact that already happened in sales: values that our pick lists or rules
refuse (an industry we do not ship, a malformed e-mail) are dropped rather than failing the
whole conversion, and the owner is taken as sales sent it (our owner directory may not have
heard of a brand-new user yet).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from crm_chassis.db import utcnow
from crm_chassis.errors import InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.imports import record_fields
from crm_contacts.service.accounts import assign_code
from crm_contacts.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
MAX_MERGE_HOPS = 10


def apply_lead_converted(uow: UnitOfWork, event: dict[str, Any]) -> tuple[UUID, UUID | None]:
    """Apply one conversion; return (account id, contact id) as they now exist."""
    lead_id = _uuid(event.get("lead_id"))
    owner_id = _uuid(event.get("owner_id"))
    if owner_id is None:
        raise ValueError("sales.lead.converted without owner_id")
    account_id = _uuid(event.get("existing_account_id")) or _uuid(event.get("account_id"))
    if account_id is not None:
        account_id = _ensure_account(uow, account_id, owner_id, lead_id, event)
    contact_id = _uuid(event.get("contact_id"))
    if contact_id is not None:
        _ensure_contact(uow, contact_id, account_id, owner_id, lead_id, event)
    log.info(
        "lead.conversion_applied",
        lead_id=str(lead_id),
        account_id=str(account_id),
        contact_id=str(contact_id),
    )
    return account_id, contact_id


def _ensure_account(
    uow: UnitOfWork, account_id: UUID, owner_id: UUID, lead_id: UUID | None, event: dict
) -> UUID:
    existing = uow.accounts.get(account_id)
    hops = 0
    while existing is not None and existing.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        # Matched an account that was merged meanwhile: its contacts belong to the survivor.
        account_id, hops = existing.merged_into_id, hops + 1
        existing = uow.accounts.get(account_id)
    if existing is not None:
        return account_id
    data = event.get("account") or {}
    fields = {
        "name": data.get("name") or event.get("opportunity_name") or "Unnamed account",
        "industry": data.get("industry"),
        "website": data.get("website"),
        "phone": data.get("phone"),
        "fax": data.get("fax"),
        "email": data.get("email"),
        "rating": data.get("rating"),
        "employees": data.get("employees"),
        "billing_address": data.get("billing_address"),
        "shipping_address": data.get("shipping_address"),
        "description": data.get("description"),
        "tags": event.get("tags") or [],
    }
    revenue = _money(data.get("annual_revenue"), data.get("annual_revenue_currency"))
    if revenue:
        fields["annual_revenue"] = revenue
    account = _tolerant(
        lambda f: Account.create(
            id=account_id,
            owner_id=owner_id,
            now=utcnow(),
            fields=record_fields("accounts", f)[0],
            origin_lead_id=lead_id,
        ),
        fields,
    )
    assign_code(uow, account)
    uow.accounts.add(account)
    return account_id


def _ensure_contact(
    uow: UnitOfWork,
    contact_id: UUID,
    account_id: UUID | None,
    owner_id: UUID,
    lead_id: UUID | None,
    event: dict,
) -> None:
    if uow.contacts.get(contact_id) is not None:
        return
    data = event.get("contact") or {}
    fields = {
        "account_id": account_id,
        "salutation": data.get("salutation"),
        "first_name": data.get("first_name"),
        "last_name": data.get("last_name") or data.get("first_name") or "Unknown",
        "title": data.get("title"),
        "email": data.get("email"),
        "secondary_email": data.get("secondary_email"),
        "phone": data.get("phone"),
        "mobile": data.get("mobile"),
        "fax": data.get("fax"),
        "mailing_address": data.get("mailing_address"),
        "lead_source": data.get("lead_source") or event.get("lead_source"),
        "description": data.get("description"),
        "tags": event.get("tags") or [],
    }
    contact = _tolerant(
        lambda f: Contact.create(
            id=contact_id,
            owner_id=owner_id,
            now=utcnow(),
            fields=record_fields("contacts", f)[0],
            origin_lead_id=lead_id,
        ),
        fields,
    )
    uow.contacts.add(contact)


def _tolerant(build: Callable[[dict[str, Any]], Any], fields: dict[str, Any]) -> Any:
    """Build the record, dropping the optional fields our rules refuse (and say so)."""
    fields = {k: v for k, v in fields.items() if v not in (None, "", {})}
    for _ in range(3):
        try:
            return build(fields)
        except InvalidFields as exc:
            bad = {e.field.split(".")[0] for e in exc.errors or ()}
            bad -= {"name", "last_name"}
            if not bad & set(fields):
                raise
            log.warning("lead.conversion_fields_dropped", fields=sorted(bad))
            fields = {k: v for k, v in fields.items() if k not in bad}
    return build(fields)


def _money(amount: Any, currency: Any) -> dict[str, str] | None:
    if not amount or not currency:
        return None
    try:
        Decimal(str(amount))
    except InvalidOperation:
        return None
    return {"amount": str(amount), "currency": str(currency)}


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None
