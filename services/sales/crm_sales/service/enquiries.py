"""Enquiry use cases: record a customer's enquiry; turn it into a quote in one call."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_chassis.fields import Checker
from crm_sales.domain.enquiries import Enquiry
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.quotes import Quote, clean_header
from crm_sales.service.access import ENQUIRIES, QUOTES, Access, caller_id
from crm_sales.service.quotes import _addresses, new_quote, number

UowFactory = Callable[[], Any]


def create_enquiry(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Enquiry:
    access.require(principal, ENQUIRIES, "create")
    access.check_writable(principal, ENQUIRIES, fields.keys())
    fields = dict(fields)
    owner_id = fields.pop("owner_id", None) or caller_id(principal)
    with uow_factory() as uow:
        product = uow.products.get(fields["product_id"])
        if product is None:
            raise invalid("product_id", "is not an existing product")
        check = Checker()
        given = check.decimal("unit_price", fields.get("unit_price"), minimum=Decimal(0))
        check.raise_if_any()
        price = product.unit_price if given is None else given
        enquiry = Enquiry.create(
            id=uuid.uuid4(),
            number=number(uow, "ENQ"),
            now=utcnow(),
            owner_id=owner_id,
            unit_price=price,
            currency=fields.get("currency") or product.currency,
            fields=fields,
        )
        uow.enquiries.add(enquiry)
    return enquiry


def quote_enquiry(
    uow_factory: UowFactory,
    access: Access,
    directory: AccountDirectory,
    principal: Principal,
    enquiry_id: UUID,
    token: str | None,
) -> Quote:
    """Create the quote for an enquiry (one line) and mark the enquiry quoted, atomically."""
    access.require(principal, ENQUIRIES, "edit")
    access.require(principal, QUOTES, "create")
    with uow_factory() as uow:
        enquiry = _load(uow, access, principal, enquiry_id)
    header = clean_header(
        {"payment_terms": enquiry.payment_terms, "contact_id": enquiry.contact_id}
    )
    _addresses(directory, enquiry.account_id, header, token)
    with uow_factory() as uow:
        enquiry = _load(uow, access, principal, enquiry_id)
        line = {
            "product_id": str(enquiry.product_id),
            "quantity": enquiry.quantity,
            "unit_price": enquiry.unit_price,
            "discount_percent": enquiry.discount_percent,
        }
        quote = new_quote(
            uow,
            account_id=enquiry.account_id,
            currency=enquiry.currency,
            owner_id=enquiry.owner_id or caller_id(principal),
            book_id=None,
            enquiry_id=enquiry.id,
            header=header,
            raw_lines=[line],
        )
        enquiry.quoted(quote.id, utcnow())
        uow.enquiries.save(enquiry)
    return quote


def _load(uow: Any, access: Access, principal: Principal, enquiry_id: UUID) -> Enquiry:
    enquiry = uow.enquiries.get(enquiry_id)
    if enquiry is None or not access.can_see(principal, ENQUIRIES, enquiry):
        raise RecordNotFound("Enquiry", enquiry_id)
    access.require_on(principal, ENQUIRIES, "edit", enquiry)
    return enquiry
