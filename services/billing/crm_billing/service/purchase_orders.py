"""Purchase order use cases: create (numbered PO-YYYY-NNNNNN), edit while Created, move status."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_billing.domain import purchase_orders as po
from crm_billing.domain.errors import FieldError, InvalidFields
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.service.access import PURCHASE_ORDERS
from crm_billing.service.common import Deps, load_visible, resolve_owner
from crm_chassis.auth.principal import Principal


def create_purchase_order(deps: Deps, principal: Principal, fields: dict[str, Any]):
    deps.access.require(principal, PURCHASE_ORDERS, "create")
    deps.access.check_writable(principal, PURCHASE_ORDERS, fields.keys())
    fields = dict(fields)
    owner_id = resolve_owner(principal, fields.pop("owner_id", None))
    today = deps.clock.today()
    po.clean_po(fields, today)
    with deps.uow() as uow:
        _check_vendor(uow, fields.get("vendor_id"))
        order = PurchaseOrder.create(
            id=uuid.uuid4(),
            number=uow.numbers.next(po.PREFIX, today.year),
            owner_id=owner_id,
            now=deps.clock.now(),
            today=today,
            fields=fields,
        )
        uow.purchase_orders.add(order)
    return order


def update_purchase_order(
    deps: Deps, principal: Principal, order_id: UUID, changes: dict[str, Any], expected: int | None
) -> PurchaseOrder:
    deps.access.require(principal, PURCHASE_ORDERS, "edit")
    deps.access.check_writable(principal, PURCHASE_ORDERS, changes.keys())
    changes = dict(changes)
    if changes.get("owner_id") is not None:
        changes["owner_id"] = resolve_owner(principal, changes["owner_id"])
    with deps.uow() as uow:
        order = load_visible(
            deps,
            principal,
            PURCHASE_ORDERS,
            "Purchase order",
            uow.purchase_orders.get(order_id),
            order_id,
            "edit",
        )
        if "vendor_id" in changes and changes["vendor_id"] != order.vendor_id:
            _check_vendor(uow, changes["vendor_id"])
        order.update(changes, now=deps.clock.now(), expected_version=expected)
        uow.purchase_orders.save(order)
    return order


def _check_vendor(uow: Any, vendor_id: Any) -> None:
    try:
        vid = vendor_id if isinstance(vendor_id, UUID) else UUID(str(vendor_id))
    except ValueError:
        raise InvalidFields([FieldError("vendor_id", "must be a UUID")]) from None
    if not uow.vendors.exists(vid):
        raise InvalidFields([FieldError("vendor_id", "is not an existing vendor")])
