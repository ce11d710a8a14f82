"""Vendor routes (an unowned module: every caller with access sees every vendor)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api import request_bodies as parse
from crm_billing.api.response_bodies import vendor_out
from crm_billing.api.schemas import VendorCreate, VendorListQuery, VendorOut, VendorPatch
from crm_billing.bootstrap import Billing
from crm_billing.domain.commands import CreateVendor, UpdateVendor
from crm_billing.domain.vendors import Vendor
from crm_billing.service.access import VENDORS
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service

BASE = "/api/billing/v1/vendors"
FILTERS = ("category", "payment_terms")
VIEW = (VENDORS, "view")

bp = Blueprint("vendors")


def _shown(vendor: Vendor) -> dict[str, Any]:
    """The vendor's body without the fields the caller may not see."""
    fields = service(Billing).access.fields(context.principal(), VENDORS)
    return fields.redact(vendor_out(vendor))


@bp.post(
    "/vendors",
    body=VendorCreate,
    response=VendorOut,
    status=201,
    permission=(VENDORS, "create"),
)
def create_vendor(body: VendorCreate) -> Reply:
    """Create a vendor."""
    command = CreateVendor(fields=parse.vendor_fields(body))
    vendor = service(Billing).run(command, caller=context.principal())
    return Reply(_shown(vendor), location=f"{BASE}/{vendor.id}", etag=vendor.version)


@bp.get("/vendors/<vendor_id>", response=VendorOut, permission=VIEW)
def get_vendor(vendor_id: UUID) -> Reply:
    """Get a vendor."""
    vendor = service(Billing).queries.get(VENDORS, context.principal(), vendor_id)
    return Reply(_shown(vendor), etag=vendor.version)


@bp.get("/vendors", query=VendorListQuery, response=Page[VendorOut], permission=VIEW)
def list_vendors(query: VendorListQuery) -> dict[str, Any]:
    """List vendors (sort name, created_at, updated_at)."""
    app, caller = service(Billing), context.principal()
    items, cursor = app.queries.list(VENDORS, caller, parse.list_params(query, FILTERS))
    fields = app.access.fields(caller, VENDORS)
    return {"items": [fields.redact(vendor_out(v)) for v in items], "next_cursor": cursor}


@bp.patch(
    "/vendors/<vendor_id>", body=VendorPatch, response=VendorOut, permission=(VENDORS, "edit")
)
def patch_vendor(vendor_id: UUID, body: VendorPatch) -> Reply:
    """Change some fields of a vendor."""
    command = UpdateVendor(
        vendor_id=vendor_id,
        fields=parse.vendor_fields(body),
        sent=parse.sent(body),
        expected_version=if_match(),
    )
    vendor = service(Billing).run(command, caller=context.principal())
    return Reply(_shown(vendor), etag=vendor.version)
