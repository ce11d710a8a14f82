"""Vendor use cases (an unowned module)."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_billing.domain.vendors import Vendor
from crm_billing.service.access import VENDORS
from crm_billing.service.common import Deps, load_visible
from crm_chassis.auth.principal import Principal


def create_vendor(deps: Deps, principal: Principal, fields: dict[str, Any]) -> Vendor:
    deps.access.require(principal, VENDORS, "create")
    deps.access.check_writable(principal, VENDORS, fields.keys())
    vendor = Vendor.create(id=uuid.uuid4(), now=deps.clock.now(), fields=fields)
    with deps.uow() as uow:
        uow.vendors.add(vendor)
    return vendor


def update_vendor(
    deps: Deps, principal: Principal, vendor_id: UUID, changes: dict[str, Any], expected: int | None
) -> Vendor:
    deps.access.require(principal, VENDORS, "edit")
    deps.access.check_writable(principal, VENDORS, changes.keys())
    with deps.uow() as uow:
        vendor = load_visible(
            deps, principal, VENDORS, "Vendor", uow.vendors.get(vendor_id), vendor_id, "edit"
        )
        vendor.update(changes, now=deps.clock.now(), expected_version=expected)
        uow.vendors.save(vendor)
    return vendor
