"""Domain objects to generated proto messages (used by the gRPC API and outgoing events).

Scalar conversions (timestamps, optional strings) are the chassis's (crm_chassis.grpc.convert).
"""

from __future__ import annotations

from crm.contacts.v1 import contacts_pb2 as pb
from crm_chassis.fields import Address
from crm_chassis.grpc.convert import text, timestamp
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact


def address(value: Address | None) -> pb.Address | None:
    if value is None:
        return None
    return pb.Address(**{k: v for k, v in value.as_dict().items() if v is not None})


def account(a: Account) -> pb.Account:
    msg = pb.Account(
        id=str(a.id),
        name=a.name,
        account_type=text(a.account_type),
        industry=text(a.industry),
        website=text(a.website),
        phone=text(a.phone),
        email=text(a.email),
        owner_id=str(a.owner_id),
        description=text(a.description),
        tags=list(a.tags),
        version=a.version,
        customer_code=text(a.customer_code),
        parent_id=text(a.parent_id),
        area=text(a.area),
        fax=text(a.fax),
        rating=text(a.rating),
        origin_lead_id=text(a.origin_lead_id),
        created_at=timestamp(a.created_at),
        updated_at=timestamp(a.updated_at),
    )
    if a.billing_address:
        msg.billing_address.CopyFrom(address(a.billing_address))
    if a.shipping_address:
        msg.shipping_address.CopyFrom(address(a.shipping_address))
    if a.annual_revenue:
        msg.annual_revenue.CopyFrom(
            pb.Money(amount=str(a.annual_revenue.amount), currency=a.annual_revenue.currency)
        )
    if a.employees is not None:
        msg.employees = a.employees
    return msg


def contact(c: Contact) -> pb.Contact:
    msg = pb.Contact(
        id=str(c.id),
        account_id=text(c.account_id),
        salutation=text(c.salutation),
        first_name=text(c.first_name),
        last_name=c.last_name,
        title=text(c.title),
        department=text(c.department),
        email=text(c.email),
        phone=text(c.phone),
        mobile=text(c.mobile),
        lead_source=text(c.lead_source),
        do_not_call=c.do_not_call,
        email_opt_out=c.email_opt_out,
        do_not_contact=c.do_not_contact,
        owner_id=str(c.owner_id),
        description=text(c.description),
        tags=list(c.tags),
        version=c.version,
        reports_to_id=text(c.reports_to_id),
        secondary_email=text(c.secondary_email),
        other_phone=text(c.other_phone),
        fax=text(c.fax),
        birthday=c.birthday.isoformat() if c.birthday else "",
        portal_access=c.portal_access,
        origin_lead_id=text(c.origin_lead_id),
        created_at=timestamp(c.created_at),
        updated_at=timestamp(c.updated_at),
    )
    if c.mailing_address:
        msg.mailing_address.CopyFrom(address(c.mailing_address))
    return msg
