"""Vendor use cases (an unowned module)."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_billing.domain.commands import CreateVendor, UpdateVendor, given
from crm_billing.domain.vendors import Vendor
from crm_billing.service.access import VENDORS
from crm_billing.service.clock import Clock
from crm_billing.service.records import visible
from crm_billing.service.unit_of_work import UnitOfWorkFactory
from crm_chassis.auth.principal import Principal


def create_vendor(
    cmd: CreateVendor,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> Vendor:
    """Create a vendor."""
    access.require(caller, VENDORS, "create")
    access.check_writable(caller, VENDORS, given(cmd.fields))
    vendor = Vendor.create(id=uuid.uuid4(), now=clock.now(), fields=cmd.fields)
    with uow() as tx:
        tx.vendors.add(vendor)
    return vendor


def update_vendor(
    cmd: UpdateVendor,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> Vendor:
    """Change the fields a client sent (412 when If-Match names an older version)."""
    access.require(caller, VENDORS, "edit")
    access.check_writable(caller, VENDORS, cmd.sent)
    with uow() as tx:
        vendor = visible(
            access,
            caller,
            VENDORS,
            "Vendor",
            tx.vendors.get(cmd.vendor_id),
            cmd.vendor_id,
            "edit",
        )
        vendor.update(cmd.fields, cmd.sent, now=clock.now(), expected_version=cmd.expected_version)
        tx.vendors.save(vendor)
    return vendor
