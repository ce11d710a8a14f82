"""Mapping between table rows and domain objects (both directions)."""

from __future__ import annotations

import operator
from decimal import Decimal
from typing import Any

from crm_chassis.fields import Address
from crm_chassis.money import Money
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.domain.imports import ImportJob
from crm_contacts.domain.owners import Owner


def _address_columns(prefix: str, address: Address | None) -> dict[str, Any]:
    return {f"{prefix}_{k}": (getattr(address, k) if address else None) for k in Address.FIELDS}


# Per prefix, one C-level getter of the five columns: a list page converts 50 rows, and
# building each column name and reading it by getattr was 10 % of a loaded list's GIL
# samples (py-spy, tests/bench/profile_list.py).
_ADDRESS_COLUMNS = {
    prefix: operator.attrgetter(*(f"{prefix}_{k}" for k in Address.FIELDS))
    for prefix in ("billing", "shipping", "mailing")
}


def _address(prefix: str, row: Any) -> Address | None:
    values = _ADDRESS_COLUMNS[prefix](row)
    if values.count(None) == len(values):
        return None
    return Address(*values)  # the dataclass's fields are in Address.FIELDS's order


def _lifecycle_values(item: Any) -> dict[str, Any]:
    return {
        "origin_lead_id": item.origin_lead_id,
        "dedupe_name": item.dedupe_name,
        "phone_key": item.phone_key,
        "deleted_at": item.deleted_at,
        "deleted_by": getattr(item, "deleted_by", None),
        "purge_after": getattr(item, "purge_after", None),
        "merged_into_id": item.merged_into_id,
    }


def _lifecycle_fields(row: Any) -> dict[str, Any]:
    return {
        "origin_lead_id": row.origin_lead_id,
        "deleted_at": row.deleted_at,
        "deleted_by": row.deleted_by,
        "purge_after": row.purge_after,
        "merged_into_id": row.merged_into_id,
    }


def account_values(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "name_key": a.name.lower(),
        "account_type": a.account_type,
        "industry": a.industry,
        "website": a.website,
        "phone": a.phone,
        "email": a.email,
        "email_lc": a.email.lower() if a.email else None,
        **_address_columns("billing", a.billing_address),
        **_address_columns("shipping", a.shipping_address),
        "annual_revenue_amount": str(a.annual_revenue.amount) if a.annual_revenue else None,
        "annual_revenue_currency": a.annual_revenue.currency if a.annual_revenue else None,
        "employees": a.employees,
        "owner_id": a.owner_id,
        "description": a.description,
        "tags": list(a.tags),
        "search_text": a.search_text,
        "customer_code": a.customer_code,
        "parent_id": a.parent_id,
        "area": a.area,
        "area_key": a.area.lower() if a.area else None,
        "fax": a.fax,
        "rating": a.rating,
        "web_domain": a.web_domain,
        **_lifecycle_values(a),
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "version": a.version,
    }


def account_from_row(row: Any) -> Account:
    revenue = None
    if row.annual_revenue_amount is not None:
        revenue = Money(Decimal(row.annual_revenue_amount), row.annual_revenue_currency)
    return Account(
        id=row.id,
        name=row.name,
        owner_id=row.owner_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        account_type=row.account_type,
        industry=row.industry,
        website=row.website,
        phone=row.phone,
        email=row.email,
        billing_address=_address("billing", row),
        shipping_address=_address("shipping", row),
        annual_revenue=revenue,
        employees=row.employees,
        description=row.description,
        tags=tuple(row.tags or ()),
        version=row.version,
        customer_code=row.customer_code,
        parent_id=row.parent_id,
        area=row.area,
        fax=row.fax,
        rating=row.rating,
        **_lifecycle_fields(row),
    )


def contact_values(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "account_id": c.account_id,
        "salutation": c.salutation,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "sort_name": c.sort_name,
        "title": c.title,
        "department": c.department,
        "email": c.email,
        "email_lc": c.email.lower() if c.email else None,
        "phone": c.phone,
        "mobile": c.mobile,
        **_address_columns("mailing", c.mailing_address),
        "lead_source": c.lead_source,
        "do_not_call": c.do_not_call,
        "email_opt_out": c.email_opt_out,
        "do_not_contact": c.do_not_contact,
        "owner_id": c.owner_id,
        "description": c.description,
        "tags": list(c.tags),
        "search_text": c.search_text,
        "reports_to_id": c.reports_to_id,
        "secondary_email": c.secondary_email,
        "other_phone": c.other_phone,
        "fax": c.fax,
        "birthday": c.birthday,
        "portal_access": c.portal_access,
        **_lifecycle_values(c),
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "version": c.version,
    }


def contact_from_row(row: Any) -> Contact:
    return Contact(
        id=row.id,
        account_id=row.account_id,
        salutation=row.salutation,
        first_name=row.first_name,
        last_name=row.last_name,
        title=row.title,
        department=row.department,
        email=row.email,
        phone=row.phone,
        mobile=row.mobile,
        mailing_address=_address("mailing", row),
        lead_source=row.lead_source,
        do_not_call=row.do_not_call,
        email_opt_out=row.email_opt_out,
        do_not_contact=row.do_not_contact,
        owner_id=row.owner_id,
        description=row.description,
        tags=tuple(row.tags or ()),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        reports_to_id=row.reports_to_id,
        secondary_email=row.secondary_email,
        other_phone=row.other_phone,
        fax=row.fax,
        birthday=row.birthday,
        portal_access=bool(row.portal_access),
        **_lifecycle_fields(row),
    )


def owner_values(o: Owner) -> dict[str, Any]:
    return {
        "id": o.id,
        "email": o.email,
        "display_name": o.display_name,
        "active": o.active,
        "updated_at": o.updated_at,
        "deactivated_at": o.deactivated_at,
    }


def owner_from_row(row: Any) -> Owner:
    return Owner(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        active=row.active,
        updated_at=row.updated_at,
        deactivated_at=row.deactivated_at,
    )


_REQUEST_FIELDS = (
    "id",
    "record_type",
    "record_id",
    "record_owner_id",
    "status",
    "reason",
    "references",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
    "decision_note",
)


def deletion_request_values(r: DeletionRequest) -> dict[str, Any]:
    return {k: getattr(r, k) for k in _REQUEST_FIELDS}


def deletion_request_from_row(row: Any) -> DeletionRequest:
    values = {k: getattr(row, k) for k in _REQUEST_FIELDS}
    values["references"] = dict(values["references"] or {})
    return DeletionRequest(**values)


_JOB_FIELDS = (
    "entity",
    "status",
    "dry_run",
    "on_duplicate",
    "total_rows",
    "processed_rows",
    "created_count",
    "updated_count",
    "skipped_count",
    "failed_count",
    "errors",
    "created_by",
    "created_at",
    "finished_at",
    "rows_total",
    "batches_committed",
    "mapping",
    "principal",
    "upload_bytes",
    "claimed_by",
    "lease_until",
    "attempts",
)


def job_values(job: ImportJob) -> dict[str, Any]:
    """The job row's columns (without its id)."""
    return {k: getattr(job, k) for k in _JOB_FIELDS}


def job_from_row(row: Any) -> ImportJob:
    values = {k: getattr(row, k) for k in _JOB_FIELDS}
    values["errors"] = list(values["errors"] or [])
    return ImportJob(id=row.id, **values)
