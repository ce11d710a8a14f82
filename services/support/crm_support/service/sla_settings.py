"""Calendars and SLA policies (administrators change them, the tickets module reads them).

A change asks the worker to recompute the open tickets' SLA rows (``sla_recomputations``,
written in the same transaction), so a corrected calendar moves every due time.
"""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import AlreadyExists, Conflict, FieldError, RecordNotFound, invalid
from crm_support.adapters.sla_store import SlaStore
from crm_support.domain.calendars import FIELDS as CALENDAR_FIELDS
from crm_support.domain.calendars import Calendar
from crm_support.domain.sla_commands import (
    ChangeCalendar,
    ChangeSlaPolicy,
    CreateCalendar,
    CreateSlaPolicy,
    DeleteCalendar,
    DeleteSlaPolicy,
)
from crm_support.domain.sla_policies import FIELDS as POLICY_FIELDS
from crm_support.domain.sla_policies import SlaPolicy
from crm_support.service.sla_access import require_admin
from crm_support.service.unit_of_work import UnitOfWorkFactory


def create_calendar(
    cmd: CreateCalendar, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Calendar:
    require_admin(access, caller)
    calendar = Calendar.create(id=uuid.uuid4(), fields=cmd.fields, now=utcnow())
    with uow() as tx:
        SlaStore(tx.session).add_calendar(calendar)
    return calendar


def change_calendar(
    cmd: ChangeCalendar, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Calendar:
    require_admin(access, caller)
    with uow() as tx:
        store = SlaStore(tx.session)
        calendar = store.calendar(cmd.calendar_id)
        if calendar is None:
            raise RecordNotFound("Calendar", cmd.calendar_id)
        now = utcnow()
        calendar.update(
            cmd.fields,
            set(cmd.sent) & set(CALENDAR_FIELDS),
            now=now,
            expected_version=cmd.expected_version,
        )
        store.save_calendar(calendar)
        store.request_recomputation(f"calendar {calendar.id} changed", now)
    return calendar


def delete_calendar(
    cmd: DeleteCalendar, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require_admin(access, caller)
    with uow() as tx:
        store = SlaStore(tx.session)
        using = store.policies_using(cmd.calendar_id)
        if using:
            raise Conflict(
                "SLA policies use this calendar; move them to another one first.",
                extra={"policies": using},
            )
        if not store.delete_calendar(cmd.calendar_id):
            raise RecordNotFound("Calendar", cmd.calendar_id)


def delete_sla_policy(
    cmd: DeleteSlaPolicy, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require_admin(access, caller)
    with uow() as tx:
        store = SlaStore(tx.session)
        if not store.delete_policy(cmd.policy_id):
            raise RecordNotFound("SLA policy", cmd.policy_id)
        store.request_recomputation(f"policy {cmd.policy_id} deleted", utcnow())


def create_sla_policy(
    cmd: CreateSlaPolicy, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> SlaPolicy:
    require_admin(access, caller)
    now = utcnow()
    policy = SlaPolicy.create(id=uuid.uuid4(), fields=cmd.fields, now=now)
    with uow() as tx:
        store = SlaStore(tx.session)
        _check_references(store, policy)
        store.add_policy(policy)
        store.request_recomputation(f"policy {policy.id} created", now)
    return policy


def change_sla_policy(
    cmd: ChangeSlaPolicy, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> SlaPolicy:
    require_admin(access, caller)
    with uow() as tx:
        store = SlaStore(tx.session)
        policy = store.policy(cmd.policy_id)
        if policy is None:
            raise RecordNotFound("SLA policy", cmd.policy_id)
        now = utcnow()
        policy.update(
            cmd.fields,
            set(cmd.sent) & set(POLICY_FIELDS),
            now=now,
            expected_version=cmd.expected_version,
        )
        _check_references(store, policy)
        store.save_policy(policy)
        store.request_recomputation(f"policy {policy.id} changed", now)
    return policy


def _check_references(store: SlaStore, policy: SlaPolicy) -> None:
    """422 for an unknown calendar; 409 when another policy has the priority already."""
    if store.calendar(policy.calendar_id) is None:
        raise invalid("calendar_id", "is not a calendar")
    if policy.priority is not None and store.priority_taken(policy.priority, policy.id):
        raise AlreadyExists(
            f"Another SLA policy is for priority {policy.priority} already.",
            errors=[FieldError("priority", "has a policy already")],
        )
