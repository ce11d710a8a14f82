"""Opportunity use cases: open, change (stage history, won/lost events), delete."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, VersionMismatch
from crm_sales.domain.opportunities import Opportunity
from crm_sales.service.access import OPPORTUNITIES, Access, caller_id

UowFactory = Callable[[], Any]


def create_opportunity(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Opportunity:
    access.require(principal, OPPORTUNITIES, "create")
    access.check_writable(principal, OPPORTUNITIES, fields.keys())
    fields = dict(fields)
    owner_id = fields.pop("owner_id", None) or caller_id(principal)
    with uow_factory() as uow:
        opp = Opportunity.open(
            id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), by=principal.subject, fields=fields
        )
        uow.opportunities.add(opp)
    return opp


def update_opportunity(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    opp_id: UUID,
    changes: dict[str, Any],
    expected: int | None,
) -> Opportunity:
    access.require(principal, OPPORTUNITIES, "edit")
    access.check_writable(principal, OPPORTUNITIES, changes.keys())
    with uow_factory() as uow:
        opp = load(uow, access, principal, opp_id, "edit")
        changed = opp.update(changes, now=utcnow(), by=principal.subject, expected_version=expected)
        if "owner_id" in changes and changes["owner_id"] != opp.owner_id:
            opp.owner_id = changes["owner_id"]
            if not changed:
                opp.updated_at, opp.version = utcnow(), opp.version + 1
        uow.opportunities.save(opp)
    return opp


def delete_opportunity(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    opp_id: UUID,
    expected: int | None,
) -> None:
    access.require(principal, OPPORTUNITIES, "delete")
    with uow_factory() as uow:
        opp = load(uow, access, principal, opp_id, "delete")
        if expected is not None and expected != opp.version:
            raise VersionMismatch(expected, opp.version)
        uow.opportunities.remove(opp)


def load(uow: Any, access: Access, principal: Principal, opp_id: UUID, action: str) -> Opportunity:
    opp = uow.opportunities.get(opp_id)
    if opp is None or not access.can_see(principal, OPPORTUNITIES, opp):
        raise RecordNotFound("Opportunity", opp_id)
    access.require_on(principal, OPPORTUNITIES, action, opp)
    return opp
