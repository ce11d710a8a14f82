"""What this service reads of identity's user events and of sales' lead conversions.

Each payload declares only the fields its handler reads (tolerant reader: unknown fields
are ignored, every field has a default), in the JSON form of the producer's protobuf message
(field names as in ``protos/``, timestamps as RFC 3339, absent when unset).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID

from crm_chassis.events import Payload
from crm_chassis.fields import Address, text
from crm_chassis.money import Money
from crm_contacts.domain.accounts import AccountFields
from crm_contacts.domain.commands import ApplyLeadConversion
from crm_contacts.domain.contacts import ContactFields


class UserFacts(Payload):
    """identity.user.created/updated/deactivated.v1: the user as identity knows it."""

    user_id: str = ""
    email: str = ""
    display_name: str = ""
    active: bool = False
    updated_at: datetime | None = None
    deactivated_at: datetime | None = None


class ConvertedAddress(Payload):
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""

    def to_address(self) -> Address | None:
        return Address.of(self.model_dump())


class ConvertedAccount(Payload):
    name: str = ""
    industry: str = ""
    website: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    rating: str = ""
    annual_revenue: str = ""
    annual_revenue_currency: str = ""
    employees: int | None = None
    billing_address: ConvertedAddress = ConvertedAddress()
    shipping_address: ConvertedAddress = ConvertedAddress()
    description: str = ""

    def revenue(self) -> Money | None:
        if not self.annual_revenue or not self.annual_revenue_currency:
            return None
        try:
            return Money(Decimal(self.annual_revenue), self.annual_revenue_currency)
        except InvalidOperation:
            return None


class ConvertedContact(Payload):
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    email: str = ""
    secondary_email: str = ""
    phone: str = ""
    mobile: str = ""
    fax: str = ""
    mailing_address: ConvertedAddress = ConvertedAddress()
    lead_source: str = ""
    description: str = ""


class LeadConverted(Payload):
    """sales.lead.converted.v1: the records sales created ids for, and what it knew."""

    lead_id: str = ""
    owner_id: str = ""
    account_id: str = ""
    existing_account_id: str = ""
    contact_id: str = ""
    opportunity_name: str = ""
    lead_source: str = ""
    tags: tuple[str, ...] = ()
    account: ConvertedAccount = ConvertedAccount()
    contact: ConvertedContact = ConvertedContact()

    def command(self) -> ApplyLeadConversion:
        """The conversion to apply (the ids are sales')."""
        owner_id = _uuid(self.owner_id)
        if owner_id is None:
            raise ValueError("sales.lead.converted without owner_id")
        return ApplyLeadConversion(
            owner_id=owner_id,
            lead_id=_uuid(self.lead_id),
            account_id=_uuid(self.existing_account_id) or _uuid(self.account_id),
            contact_id=_uuid(self.contact_id),
            account=self._account(),
            contact=self._contact(),
        )

    def _account(self) -> AccountFields:
        a = self.account
        return AccountFields(
            name=text(a.name) or text(self.opportunity_name) or "Unnamed account",
            industry=text(a.industry),
            website=text(a.website),
            phone=text(a.phone),
            fax=text(a.fax),
            email=text(a.email),
            rating=text(a.rating),
            employees=a.employees,
            billing_address=a.billing_address.to_address(),
            shipping_address=a.shipping_address.to_address(),
            description=text(a.description),
            annual_revenue=a.revenue(),
            tags=self.tags or None,
        )

    def _contact(self) -> ContactFields:
        c = self.contact
        return ContactFields(
            salutation=text(c.salutation),
            first_name=text(c.first_name),
            last_name=text(c.last_name) or text(c.first_name) or "Unknown",
            title=text(c.title),
            email=text(c.email),
            secondary_email=text(c.secondary_email),
            phone=text(c.phone),
            mobile=text(c.mobile),
            fax=text(c.fax),
            mailing_address=c.mailing_address.to_address(),
            lead_source=text(c.lead_source) or text(self.lead_source),
            description=text(c.description),
            tags=self.tags or None,
        )


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


class RecipientUnsubscribed(Payload):
    """marketing.recipient.unsubscribed.v1: the contact (if the mail went to one)."""

    contact_id: str = ""
