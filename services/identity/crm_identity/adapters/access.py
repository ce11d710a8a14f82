"""Repositories of the access model: roles, profiles, groups, sharing, the policy state,
lockouts and the audit log, inside the caller's session."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_identity.adapters import tables as t
from crm_identity.adapters.rows import (
    group_from_row,
    profile_from_row,
    role_from_row,
    rule_from_row,
    strs,
)
from crm_identity.domain.errors import NameTaken
from crm_identity.domain.groups import Group
from crm_identity.domain.lockout import Lockout
from crm_identity.domain.ports import Clock
from crm_identity.domain.profiles import Profile
from crm_identity.domain.roles import Role
from crm_identity.domain.sharing import SharingRule


class _Named:
    """Shared add/save/delete for tables of named, versioned aggregates."""

    table: sa.Table
    what: str

    def __init__(self, session: Session) -> None:
        self.session = session

    def _values(self, item: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _write(self, stmt: Any) -> Any:
        try:
            with self.session.begin_nested():
                return self.session.execute(stmt)
        except IntegrityError:
            raise NameTaken(self.what) from None

    def add(self, item: Any) -> None:
        self._write(self.table.insert().values(id=item.id, **self._values(item)))

    def save(self, item: Any, *, expected_version: int) -> bool:
        result = self._write(
            self.table.update()
            .where(self.table.c.id == item.id, self.table.c.version == expected_version)
            .values(**self._values(item))
        )
        return bool(result.rowcount == 1)

    def delete(self, item_id: UUID) -> None:
        self.session.execute(self.table.delete().where(self.table.c.id == item_id))


class RoleRepository(_Named):
    table = t.roles
    what = "role"

    def _values(self, r: Role) -> dict[str, Any]:
        return {
            "name": r.name,
            "name_key": r.name.casefold(),
            "parent_id": r.parent_id,
            "profile_ids": strs(r.profile_ids),
            "description": r.description,
            "created_at": r.created_at,
            "updated_at": r.updated_at,
            "version": r.version,
        }

    def get(self, role_id: UUID) -> Role | None:
        row = self.session.execute(sa.select(t.roles).where(t.roles.c.id == role_id)).first()
        return role_from_row(row) if row else None

    def all(self) -> list[Role]:
        rows = self.session.execute(sa.select(t.roles).order_by(t.roles.c.name_key))
        return [role_from_row(r) for r in rows]

    def parents(self) -> dict[UUID, UUID | None]:
        rows = self.session.execute(sa.select(t.roles.c.id, t.roles.c.parent_id))
        return {r.id: r.parent_id for r in rows}

    def children_count(self, role_id: UUID) -> int:
        stmt = sa.select(sa.func.count()).select_from(t.roles).where(t.roles.c.parent_id == role_id)
        return int(self.session.execute(stmt).scalar_one())

    def using_profile(self, profile_id: UUID) -> list[Role]:
        return [r for r in self.all() if profile_id in r.profile_ids]


class ProfileRepository(_Named):
    table = t.profiles
    what = "profile"

    def _values(self, p: Profile) -> dict[str, Any]:
        return {
            "name": p.name,
            "name_key": p.name.casefold(),
            "description": p.description,
            "view_all": p.view_all,
            "edit_all": p.edit_all,
            "modules": {m: list(a) for m, a in p.modules.items()},
            "fields": p.fields,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "version": p.version,
        }

    def get(self, profile_id: UUID) -> Profile | None:
        stmt = sa.select(t.profiles).where(t.profiles.c.id == profile_id)
        row = self.session.execute(stmt).first()
        return profile_from_row(row) if row else None

    def get_many(self, ids: tuple[UUID, ...]) -> list[Profile]:
        if not ids:
            return []
        rows = self.session.execute(sa.select(t.profiles).where(t.profiles.c.id.in_(ids)))
        found = {r.id: profile_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def all(self) -> list[Profile]:
        rows = self.session.execute(sa.select(t.profiles).order_by(t.profiles.c.name_key))
        return [profile_from_row(r) for r in rows]


class GroupRepository(_Named):
    table = t.groups
    what = "group"

    def _values(self, g: Group) -> dict[str, Any]:
        return {
            "name": g.name,
            "name_key": g.name.casefold(),
            "description": g.description,
            "user_ids": strs(g.user_ids),
            "role_ids": strs(g.role_ids),
            "role_and_subordinate_ids": strs(g.role_and_subordinate_ids),
            "created_at": g.created_at,
            "updated_at": g.updated_at,
            "version": g.version,
        }

    def get(self, group_id: UUID) -> Group | None:
        row = self.session.execute(sa.select(t.groups).where(t.groups.c.id == group_id)).first()
        return group_from_row(row) if row else None

    def all(self) -> list[Group]:
        rows = self.session.execute(sa.select(t.groups).order_by(t.groups.c.name_key))
        return [group_from_row(r) for r in rows]


class SharingRuleRepository(_Named):
    table = t.sharing_rules
    what = "sharing rule"

    def _values(self, r: SharingRule) -> dict[str, Any]:
        return {
            "module": r.module,
            "source_kind": r.source_kind,
            "source_id": r.source_id,
            "target_kind": r.target_kind,
            "target_id": r.target_id,
            "access": r.access,
            "created_at": r.created_at,
            "updated_at": r.updated_at,
            "version": r.version,
        }

    def get(self, rule_id: UUID) -> SharingRule | None:
        stmt = sa.select(t.sharing_rules).where(t.sharing_rules.c.id == rule_id)
        row = self.session.execute(stmt).first()
        return rule_from_row(row) if row else None

    def all(self) -> list[SharingRule]:
        stmt = sa.select(t.sharing_rules).order_by(
            t.sharing_rules.c.created_at, t.sharing_rules.c.id
        )
        return [rule_from_row(r) for r in self.session.execute(stmt)]

    def naming(self, kind: str, item_id: UUID) -> list[SharingRule]:
        """Rules whose source or target is this role or group."""
        kinds = ("group",) if kind == "group" else ("role", "role_and_subordinates")
        c = t.sharing_rules.c
        stmt = sa.select(t.sharing_rules).where(
            sa.or_(
                sa.and_(c.source_kind.in_(kinds), c.source_id == item_id),
                sa.and_(c.target_kind.in_(kinds), c.target_id == item_id),
            )
        )
        return [rule_from_row(r) for r in self.session.execute(stmt)]


class SharingDefaultRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> dict[str, str]:
        rows = self.session.execute(sa.select(t.sharing_defaults))
        return {r.module: r.access for r in rows}

    def set(self, module: str, access: str, now: datetime) -> None:
        update = (
            t.sharing_defaults.update()
            .where(t.sharing_defaults.c.module == module)
            .values(access=access, updated_at=now)
        )
        if self.session.execute(update).rowcount:
            return
        try:
            with self.session.begin_nested():
                self.session.execute(
                    t.sharing_defaults.insert().values(module=module, access=access, updated_at=now)
                )
        except IntegrityError:
            # Another transaction inserted it meanwhile (two processes seeding): set it.
            self.session.execute(update)


class PolicyStateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def bump(self) -> int:
        """Increase the version under the row lock and return it (serialises publishers)."""
        self.session.execute(
            t.policy_state.update()
            .where(t.policy_state.c.id == 1)
            .values(version=t.policy_state.c.version + 1)
        )
        stmt = sa.select(t.policy_state.c.version).where(t.policy_state.c.id == 1)
        return int(self.session.execute(stmt).scalar_one())

    def store(self, version: int, snapshot: str, now: datetime) -> None:
        self.session.execute(
            t.policy_state.update()
            .where(t.policy_state.c.id == 1)
            .values(version=version, snapshot=snapshot, changed_at=now)
        )

    def current(self) -> tuple[int, str | None]:
        row = self.session.execute(
            sa.select(t.policy_state.c.version, t.policy_state.c.snapshot).where(
                t.policy_state.c.id == 1
            )
        ).first()
        return (int(row.version), row.snapshot) if row else (0, None)


class LockoutRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Lockout:
        row = self.session.execute(sa.select(t.lockouts).where(t.lockouts.c.key == key)).first()
        if row is None:
            return Lockout(key)
        return Lockout(key, row.failures, row.level, row.locked_until)

    def save(self, lockout: Lockout, now: datetime) -> None:
        values = {
            "failures": lockout.failures,
            "level": lockout.level,
            "locked_until": lockout.locked_until,
            "updated_at": now,
        }
        updated = self.session.execute(
            t.lockouts.update().where(t.lockouts.c.key == lockout.key).values(**values)
        )
        if updated.rowcount == 0:
            self.session.execute(t.lockouts.insert().values(key=lockout.key, **values))


class AuditRepository:
    """The audit log: what happened, who did it, to what; details are free-form JSON."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def record(
        self,
        type: str,
        *,
        actor_id: str | None,
        subject_type: str | None = None,
        subject_id: Any = None,
        details: Mapping[str, object] | None = None,
        client_ip: str | None = None,
    ) -> None:
        self.session.execute(
            t.audit_events.insert().values(
                id=uuid.uuid4(),
                occurred_at=self.clock(),
                type=type,
                actor_id=actor_id,
                subject_type=subject_type,
                subject_id=str(subject_id) if subject_id is not None else None,
                details=json.loads(json.dumps(details or {}, default=str)),
                client_ip=client_ip,
            )
        )
