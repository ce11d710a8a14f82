"""Purchase order use cases: create (numbered PO-YYYY-NNNNNN), edit while Created, move status."""

from __future__ import annotations

import dataclasses
import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_billing.domain import purchase_orders as po
from crm_billing.domain.commands import CreatePurchaseOrder, UpdatePurchaseOrder, given
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.service.access import PURCHASE_ORDERS
from crm_billing.service.clock import Clock
from crm_billing.service.records import resolve_owner, visible
from crm_billing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import invalid


def create_purchase_order(
    cmd: CreatePurchaseOrder,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> PurchaseOrder:
    """Create a purchase order to an existing vendor (owner default: the caller)."""
    access.require(caller, PURCHASE_ORDERS, "create")
    access.check_writable(caller, PURCHASE_ORDERS, given(cmd.fields))
    owner_id = resolve_owner(caller, cmd.fields.owner_id, access)
    today = clock.today()
    content = po.clean_po(cmd.fields, today)
    with uow() as tx:
        _check_vendor(tx, content.vendor_id)
        order = PurchaseOrder.create(
            id=uuid.uuid4(),
            number=tx.numbers.next(po.PREFIX, today.year),
            owner_id=owner_id,
            now=clock.now(),
            today=today,
            fields=cmd.fields,
        )
        tx.purchase_orders.add(order)
    return order


def update_purchase_order(
    cmd: UpdatePurchaseOrder,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> PurchaseOrder:
    """Edit a Created order's fields and/or move its status (409 when not allowed)."""
    access.require(caller, PURCHASE_ORDERS, "edit")
    access.check_writable(
        caller, PURCHASE_ORDERS, cmd.sent | ({"status"} if cmd.status is not None else set())
    )
    fields = cmd.fields
    if "owner_id" in cmd.sent and fields.owner_id is not None:
        fields = dataclasses.replace(
            fields, owner_id=resolve_owner(caller, fields.owner_id, access)
        )
    with uow() as tx:
        order = visible(
            access,
            caller,
            PURCHASE_ORDERS,
            "Purchase order",
            tx.purchase_orders.get(cmd.order_id),
            cmd.order_id,
            "edit",
        )
        if "vendor_id" in cmd.sent and fields.vendor_id != order.vendor_id:
            _check_vendor(tx, fields.vendor_id)
        order.update(
            fields,
            cmd.sent,
            status=cmd.status,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        tx.purchase_orders.save(order)
    return order


def _check_vendor(tx: UnitOfWork, vendor_id: UUID | None) -> None:
    if vendor_id is None:
        raise invalid("vendor_id", "is required")
    if not tx.vendors.exists(vendor_id):
        raise invalid("vendor_id", "is not an existing vendor")
