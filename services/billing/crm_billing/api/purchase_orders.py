"""Purchase order routes: create (numbered PO-YYYY-NNNNNN), get, list, edit or move status."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api import request_bodies as parse
from crm_billing.api.response_bodies import purchase_order_out
from crm_billing.api.schemas import (
    PurchaseOrderCreate,
    PurchaseOrderListQuery,
    PurchaseOrderOut,
    PurchaseOrderPatch,
)
from crm_billing.bootstrap import Billing
from crm_billing.domain.commands import CreatePurchaseOrder, UpdatePurchaseOrder
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.service.access import PURCHASE_ORDERS
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service

BASE = "/api/billing/v1/purchase-orders"
FILTERS = ("vendor_id", "owner_id", "status", "currency")
VIEW = (PURCHASE_ORDERS, "view")

bp = Blueprint("purchase_orders", tag="purchase-orders")


def _shown(order: PurchaseOrder) -> dict[str, Any]:
    """The order's body without the fields the caller may not see."""
    fields = service(Billing).access.fields(context.principal(), PURCHASE_ORDERS)
    return fields.redact(purchase_order_out(order))


@bp.post(
    "/purchase-orders",
    body=PurchaseOrderCreate,
    response=PurchaseOrderOut,
    status=201,
    permission=(PURCHASE_ORDERS, "create"),
)
def create_purchase_order(body: PurchaseOrderCreate) -> Reply:
    """Create a purchase order (numbered PO-YYYY-NNNNNN)."""
    command = CreatePurchaseOrder(fields=parse.purchase_order_fields(body))
    order = service(Billing).run(command, caller=context.principal())
    return Reply(_shown(order), location=f"{BASE}/{order.id}", etag=order.version)


@bp.get("/purchase-orders/<order_id>", response=PurchaseOrderOut, permission=VIEW)
def get_purchase_order(order_id: UUID) -> Reply:
    """Get a purchase order."""
    order = service(Billing).queries.get(PURCHASE_ORDERS, context.principal(), order_id)
    return Reply(_shown(order), etag=order.version)


@bp.get(
    "/purchase-orders",
    query=PurchaseOrderListQuery,
    response=Page[PurchaseOrderOut],
    permission=VIEW,
)
def list_purchase_orders(query: PurchaseOrderListQuery) -> dict[str, Any]:
    """List purchase orders (keyset paged)."""
    app, caller = service(Billing), context.principal()
    items, cursor = app.queries.list(PURCHASE_ORDERS, caller, parse.list_params(query, FILTERS))
    fields = app.access.fields(caller, PURCHASE_ORDERS)
    return {"items": [fields.redact(purchase_order_out(o)) for o in items], "next_cursor": cursor}


@bp.patch(
    "/purchase-orders/<order_id>",
    body=PurchaseOrderPatch,
    response=PurchaseOrderOut,
    permission=(PURCHASE_ORDERS, "edit"),
)
def patch_purchase_order(order_id: UUID, body: PurchaseOrderPatch) -> Reply:
    """Edit a Created purchase order, or move its status (409 if not allowed)."""
    command = UpdatePurchaseOrder(
        order_id=order_id,
        fields=parse.purchase_order_fields(body),
        sent=parse.sent(body, "status"),
        status=body.status,
        expected_version=if_match(),
    )
    order = service(Billing).run(command, caller=context.principal())
    return Reply(_shown(order), etag=order.version)
