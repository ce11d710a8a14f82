"""Enquiry use cases: record a customer's enquiry; turn it into a quote in one call."""

from __future__ import annotations

import uuid
from dataclasses import replace
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_sales.domain.commands import CreateEnquiry, QuoteEnquiry
from crm_sales.domain.enquiries import Enquiry
from crm_sales.domain.lines import LineRequest
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.quotes import Quote, QuoteFields, check_quote_fields
from crm_sales.service.access import ENQUIRIES, QUOTES, caller_id
from crm_sales.service.quotes import customer_of, new_quote, next_number
from crm_sales.service.references import checked_account
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

# What a quote takes from its enquiry's header.
FROM_ENQUIRY = frozenset({"payment_terms", "contact_id", "currency"})


def create_enquiry(
    cmd: CreateEnquiry,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Enquiry:
    """Record an enquiry (numbered ENQ-YYYY-NNNNNN), priced from its product; its account
    and contact must exist, the contact at that account (422 naming the field)."""
    access.require(caller, ENQUIRIES, "create")
    access.check_writable(caller, ENQUIRIES, cmd.sent)
    fields = cmd.fields
    if fields.owner_id is not None:
        access.check_owner(fields.owner_id)
    account_id = checked_account(
        directory, account_id=fields.account_id, contact_id=fields.contact_id, token=cmd.token
    )
    fields = replace(fields, account_id=account_id)
    with uow() as tx:
        product = tx.products.get(fields.product_id)
        if product is None:
            raise invalid("product_id", "is not an existing product")
        enquiry = Enquiry.create(
            id=uuid.uuid4(),
            number=next_number(tx, "ENQ"),
            now=utcnow(),
            owner_id=fields.owner_id or caller_id(caller),
            product=product,
            fields=fields,
        )
        tx.enquiries.add(enquiry)
    return enquiry


def quote_enquiry(
    cmd: QuoteEnquiry,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Quote:
    """Create the quote for an enquiry (one line) and mark the enquiry quoted, atomically."""
    access.require(caller, ENQUIRIES, "edit")
    access.require(caller, QUOTES, "create")
    with uow() as tx:
        enquiry = _load(tx, access, caller, cmd.enquiry_id)
    fields = check_quote_fields(
        QuoteFields(
            payment_terms=enquiry.payment_terms,
            contact_id=enquiry.contact_id,
            currency=enquiry.currency,
        ),
        FROM_ENQUIRY,
    )
    customer = customer_of(directory, enquiry.account_id, cmd.token)
    with uow() as tx:
        enquiry = _load(tx, access, caller, cmd.enquiry_id)
        line = LineRequest(
            product_id=enquiry.product_id,
            quantity=enquiry.quantity,
            unit_price=enquiry.unit_price,
            discount_percent=enquiry.discount_percent,
        )
        quote = new_quote(
            tx,
            account_id=enquiry.account_id,
            fields=fields,
            names=FROM_ENQUIRY,
            lines=[line],
            customer=customer,
            owner_id=enquiry.owner_id or caller_id(caller),
            enquiry_id=enquiry.id,
        )
        enquiry.quoted(quote.id, utcnow())
        tx.enquiries.save(enquiry)
    return quote


def _load(tx: UnitOfWork, access: RecordAccess, caller: Principal, enquiry_id: UUID) -> Enquiry:
    enquiry = tx.enquiries.get(enquiry_id)
    if enquiry is None or not access.can_see(caller, ENQUIRIES, enquiry):
        raise RecordNotFound("Enquiry", enquiry_id)
    access.require_on(caller, ENQUIRIES, "edit", enquiry)
    return enquiry
