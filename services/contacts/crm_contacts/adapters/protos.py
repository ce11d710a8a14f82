"""Domain objects to generated proto messages (used by the gRPC API and outgoing events)."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from crm.contacts.v1 import contacts_pb2 as pb
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.values import Address


def timestamp(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def address(value: Address | None) -> pb.Address | None:
    if value is None:
        return None
    return pb.Address(**{k: v for k, v in value.as_dict().items() if v is not None})


def account(a: Account) -> pb.Account:
    msg = pb.Account(
        id=str(a.id),
        name=a.name,
        account_type=a.account_type or "",
        industry=a.industry or "",
        website=a.website or "",
        phone=a.phone or "",
        email=a.email or "",
        owner_id=str(a.owner_id),
        description=a.description or "",
        tags=list(a.tags),
        version=a.version,
        customer_code=a.customer_code or "",
        parent_id=str(a.parent_id) if a.parent_id else "",
        area=a.area or "",
        fax=a.fax or "",
        rating=a.rating or "",
        origin_lead_id=str(a.origin_lead_id) if a.origin_lead_id else "",
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
        account_id=str(c.account_id) if c.account_id else "",
        salutation=c.salutation or "",
        first_name=c.first_name or "",
        last_name=c.last_name,
        title=c.title or "",
        department=c.department or "",
        email=c.email or "",
        phone=c.phone or "",
        mobile=c.mobile or "",
        lead_source=c.lead_source or "",
        do_not_call=c.do_not_call,
        email_opt_out=c.email_opt_out,
        owner_id=str(c.owner_id),
        description=c.description or "",
        tags=list(c.tags),
        version=c.version,
        reports_to_id=str(c.reports_to_id) if c.reports_to_id else "",
        secondary_email=c.secondary_email or "",
        other_phone=c.other_phone or "",
        fax=c.fax or "",
        birthday=c.birthday.isoformat() if c.birthday else "",
        portal_access=c.portal_access,
        origin_lead_id=str(c.origin_lead_id) if c.origin_lead_id else "",
        created_at=timestamp(c.created_at),
        updated_at=timestamp(c.updated_at),
    )
    if c.mailing_address:
        msg.mailing_address.CopyFrom(address(c.mailing_address))
    return msg
