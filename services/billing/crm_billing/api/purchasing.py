"""Vendor and purchase order routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api.mapping import fields, list_params, purchase_order_out, shown, vendor_out
from crm_billing.api.schemas import (
    PurchaseOrderCreate,
    PurchaseOrderListQuery,
    PurchaseOrderOut,
    PurchaseOrderPatch,
    VendorCreate,
    VendorListQuery,
    VendorOut,
    VendorPatch,
)
from crm_billing.bootstrap import Billing
from crm_billing.service.access import PURCHASE_ORDERS, VENDORS
from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match

VENDORS_BASE = "/api/billing/v1/vendors"
PO_BASE = "/api/billing/v1/purchase-orders"


def register(api: Api, app: Billing) -> None:
    def _vendor(item: Any) -> dict[str, Any]:
        return shown(vendor_out(item), app.access.fields(context.principal(), VENDORS))

    def _order(item: Any) -> dict[str, Any]:
        return shown(
            purchase_order_out(item), app.access.fields(context.principal(), PURCHASE_ORDERS)
        )

    @api.route(
        "/vendors",
        "POST",
        body=VendorCreate,
        response=VendorOut,
        status=201,
        permission=(VENDORS, "create"),
        summary="Create a vendor",
    )
    def create_vendor(body: VendorCreate) -> Reply:
        vendor = app.create_vendor(context.principal(), fields(body))
        return Reply(
            _vendor(vendor), status=201, location=f"{VENDORS_BASE}/{vendor.id}", etag=vendor.version
        )

    @api.route(
        "/vendors/<vendor_id>",
        "GET",
        response=VendorOut,
        permission=(VENDORS, "view"),
        summary="Get a vendor",
    )
    def get_vendor(vendor_id: UUID) -> Reply:
        vendor = app.queries.get(VENDORS, context.principal(), vendor_id)
        return Reply(_vendor(vendor), etag=vendor.version)

    @api.route(
        "/vendors",
        "GET",
        query=VendorListQuery,
        response=Page[VendorOut],
        permission=(VENDORS, "view"),
        summary="List vendors (sort name, created_at, updated_at)",
    )
    def list_vendors(query: VendorListQuery) -> Reply:
        items, cursor = app.queries.list(
            VENDORS, context.principal(), list_params(query, ("category", "payment_terms"))
        )
        return Reply({"items": [_vendor(v) for v in items], "next_cursor": cursor})

    @api.route(
        "/vendors/<vendor_id>",
        "PATCH",
        body=VendorPatch,
        response=VendorOut,
        permission=(VENDORS, "edit"),
        summary="Change some fields of a vendor",
    )
    def patch_vendor(vendor_id: UUID, body: VendorPatch) -> Reply:
        vendor = app.update_vendor(context.principal(), vendor_id, fields(body), if_match())
        return Reply(_vendor(vendor), etag=vendor.version)

    @api.route(
        "/purchase-orders",
        "POST",
        body=PurchaseOrderCreate,
        response=PurchaseOrderOut,
        status=201,
        permission=(PURCHASE_ORDERS, "create"),
        summary="Create a purchase order (numbered PO-YYYY-NNNNNN)",
    )
    def create_purchase_order(body: PurchaseOrderCreate) -> Reply:
        order = app.create_purchase_order(context.principal(), fields(body))
        return Reply(
            _order(order), status=201, location=f"{PO_BASE}/{order.id}", etag=order.version
        )

    @api.route(
        "/purchase-orders/<order_id>",
        "GET",
        response=PurchaseOrderOut,
        permission=(PURCHASE_ORDERS, "view"),
        summary="Get a purchase order",
    )
    def get_purchase_order(order_id: UUID) -> Reply:
        order = app.queries.get(PURCHASE_ORDERS, context.principal(), order_id)
        return Reply(_order(order), etag=order.version)

    @api.route(
        "/purchase-orders",
        "GET",
        query=PurchaseOrderListQuery,
        response=Page[PurchaseOrderOut],
        permission=(PURCHASE_ORDERS, "view"),
        summary="List purchase orders (keyset paged)",
    )
    def list_purchase_orders(query: PurchaseOrderListQuery) -> Reply:
        items, cursor = app.queries.list(
            PURCHASE_ORDERS,
            context.principal(),
            list_params(query, ("vendor_id", "owner_id", "status", "currency")),
        )
        return Reply({"items": [_order(o) for o in items], "next_cursor": cursor})

    @api.route(
        "/purchase-orders/<order_id>",
        "PATCH",
        body=PurchaseOrderPatch,
        response=PurchaseOrderOut,
        permission=(PURCHASE_ORDERS, "edit"),
        summary="Edit a Created purchase order, or move its status (409 if not allowed)",
    )
    def patch_purchase_order(order_id: UUID, body: PurchaseOrderPatch) -> Reply:
        order = app.update_purchase_order(context.principal(), order_id, fields(body), if_match())
        return Reply(_order(order), etag=order.version)
