"""Scoring and assignment rules (sales settings: administrators only)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound
from crm_sales.adapters.tables import assignment_rules, scoring_rules
from crm_sales.domain import assignment, scoring
from crm_sales.service.access import LEADS, Access

UowFactory = Callable[[], Any]
TABLES = {"scoring": scoring_rules, "assignment": assignment_rules}


def list_rules(
    uow_factory: UowFactory, access: Access, principal: Principal, kind: str
) -> list[dict[str, Any]]:
    access.require(principal, LEADS, "view")
    table = TABLES[kind]
    order = table.c.priority if kind == "assignment" else table.c.field
    with uow_factory() as uow:
        return [
            dict(r._mapping)
            for r in uow.session.execute(sa.select(table).order_by(order, table.c.id))
        ]


def create_rule(
    uow_factory: UowFactory, access: Access, principal: Principal, kind: str, fields: dict[str, Any]
) -> dict[str, Any]:
    access.require_admin(principal)
    if kind == "scoring":
        scoring.check_rule(fields)
        row = {
            "id": uuid.uuid4(),
            "name": fields.get("name"),
            "field": fields["field"],
            "operator": fields["operator"],
            "value": str(fields.get("value") or ""),
            "points": int(fields["points"]),
            "active": fields.get("active", True),
        }
    else:
        assignment.check_rule(fields)
        row = {
            "id": uuid.uuid4(),
            "name": fields["name"],
            "priority": fields.get("priority", 100),
            "target": fields["target"],
            "owner_id": fields.get("owner_id"),
            "group_id": fields.get("group_id"),
            "criteria": fields.get("criteria") or {},
            "active": fields.get("active", True),
            "cursor": -1,
        }
    with uow_factory() as uow:
        uow.session.execute(sa.insert(TABLES[kind]).values(**row))
    return row


def delete_rule(
    uow_factory: UowFactory, access: Access, principal: Principal, kind: str, rule_id: UUID
) -> None:
    access.require_admin(principal)
    table = TABLES[kind]
    with uow_factory() as uow:
        if uow.session.execute(sa.delete(table).where(table.c.id == rule_id)).rowcount == 0:
            raise RecordNotFound("Rule", rule_id)
