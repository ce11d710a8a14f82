"""Domain objects to response bodies, request bodies to use-case input."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from crm_access import FieldAccess
from crm_chassis.http import Schema
from crm_contacts.api.schemas import AccountOut, ContactOut, DeletionRequestOut, OwnerOut
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.owners import Owner
from crm_contacts.service.queries import ListParams


def account_out(a: Account) -> AccountOut:
    return AccountOut(
        id=a.id,
        name=a.name,
        account_type=a.account_type,
        industry=a.industry,
        website=a.website,
        phone=a.phone,
        email=a.email,
        billing_address=a.billing_address.as_dict() if a.billing_address else None,
        shipping_address=a.shipping_address.as_dict() if a.shipping_address else None,
        annual_revenue=a.annual_revenue.as_dict() if a.annual_revenue else None,
        employees=a.employees,
        owner_id=a.owner_id,
        description=a.description,
        tags=list(a.tags),
        customer_code=a.customer_code,
        parent_id=a.parent_id,
        area=a.area,
        fax=a.fax,
        rating=a.rating,
        origin_lead_id=a.origin_lead_id,
        created_at=a.created_at,
        updated_at=a.updated_at,
        version=a.version,
    )


def contact_out(c: Contact) -> ContactOut:
    return ContactOut(
        id=c.id,
        account_id=c.account_id,
        salutation=c.salutation,
        first_name=c.first_name,
        last_name=c.last_name,
        title=c.title,
        department=c.department,
        email=c.email,
        phone=c.phone,
        mobile=c.mobile,
        mailing_address=c.mailing_address.as_dict() if c.mailing_address else None,
        lead_source=c.lead_source,
        do_not_call=c.do_not_call,
        email_opt_out=c.email_opt_out,
        owner_id=c.owner_id,
        description=c.description,
        tags=list(c.tags),
        reports_to_id=c.reports_to_id,
        secondary_email=c.secondary_email,
        other_phone=c.other_phone,
        fax=c.fax,
        birthday=c.birthday,
        portal_access=c.portal_access,
        origin_lead_id=c.origin_lead_id,
        created_at=c.created_at,
        updated_at=c.updated_at,
        version=c.version,
    )


def shown(body: Schema, access: FieldAccess) -> dict[str, Any]:
    """The JSON body without the fields the caller may not see (field access)."""
    return access.redact(body.model_dump(mode="json"))


def deletion_request_out(r: DeletionRequest) -> DeletionRequestOut:
    return DeletionRequestOut(
        id=r.id,
        record_type=r.record_type,
        record_id=r.record_id,
        status=r.status,
        reason=r.reason,
        references=r.references,
        requested_by=r.requested_by,
        requested_at=r.requested_at,
        decided_by=r.decided_by,
        decided_at=r.decided_at,
        decision_note=r.decision_note,
    )


def owner_out(o: Owner) -> OwnerOut:
    return OwnerOut(**asdict(o))


def fields(body: Schema) -> dict[str, Any]:
    """The fields the client actually sent (a PATCH changes only those)."""
    return body.model_dump(exclude_unset=True)


def list_params(query: Schema, filter_names: tuple[str, ...]) -> ListParams:
    values = query.model_dump()
    return ListParams(
        limit=values["limit"],
        cursor=values.get("cursor"),
        sort=values.get("sort"),
        q=values.get("q"),
        updated_since=values.get("updated_since"),
        filters={k: values[k] for k in filter_names if values.get(k) is not None},
    )
