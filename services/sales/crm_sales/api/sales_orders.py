"""Sales orders: made from approved quotes, then tracked by status."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.quotes import lines_out
from crm_sales.api.schemas.orders import OrderCreate, OrderListQuery, OrderPatch, SalesOrderOut
from crm_sales.api.schemas.parts import list_params, record
from crm_sales.domain.commands import CreateSalesOrder, SetOrderStatus
from crm_sales.domain.orders import SalesOrder
from crm_sales.service import queries as q
from crm_sales.service.access import SALES_ORDERS

bp = Blueprint("sales_orders", tag="sales-orders")
BASE = "/api/sales/v1/sales-orders"


def order_out(order: SalesOrder) -> dict[str, Any]:
    """An order as the caller may see it, with its lines."""
    fields = field_access(SALES_ORDERS)
    return record(order, SalesOrderOut, fields, lines=lines_out(order.lines))


@bp.post(
    "/sales-orders",
    body=OrderCreate,
    response=SalesOrderOut,
    status=201,
    permission=(SALES_ORDERS, "create"),
)
def create_order(body: OrderCreate) -> Reply:
    """Create a sales order from an approved quote."""
    order = run(CreateSalesOrder(body.quote_id, body.due_date, body.recurring_frequency))
    return Reply(order_out(order), location=f"{BASE}/{order.id}", etag=order.version)


@bp.get("/sales-orders/<order_id>", response=SalesOrderOut, permission=(SALES_ORDERS, "view"))
def get_order(order_id: UUID) -> Reply:
    """Get a sales order."""
    order = sales().queries.get(q.ORDERS, context.principal(), order_id)
    return Reply(order_out(order), etag=order.version)


@bp.get(
    "/sales-orders",
    query=OrderListQuery,
    response=Page[SalesOrderOut],
    permission=(SALES_ORDERS, "view"),
)
def list_orders(query: OrderListQuery) -> dict[str, Any]:
    """List sales orders."""
    found, cursor = sales().queries.list(q.ORDERS, context.principal(), list_params(query))
    return {"items": [order_out(x) for x in found], "next_cursor": cursor}


@bp.patch(
    "/sales-orders/<order_id>",
    body=OrderPatch,
    response=SalesOrderOut,
    permission=(SALES_ORDERS, "edit"),
)
def patch_order(order_id: UUID, body: OrderPatch) -> Reply:
    """Change a sales order's status."""
    order = run(SetOrderStatus(order_id, body.status, if_match()))
    return Reply(order_out(order), etag=order.version)
