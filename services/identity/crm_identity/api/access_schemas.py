"""Bodies of the admin API for the access model (validated, and in the OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import Schema
from crm_identity.api.schemas import given, plain
from crm_identity.domain.commands import (
    ChangeGroup,
    ChangeProfile,
    ChangeRole,
    ChangeSharingRule,
    CreateGroup,
    CreateProfile,
    CreateRole,
    CreateSharingRule,
)
from crm_identity.domain.groups import Group, GroupFields
from crm_identity.domain.profiles import Profile, ProfileFields
from crm_identity.domain.roles import Role, RoleFields
from crm_identity.domain.sharing import SharingRule, SharingRuleFields

Action = Literal["view", "create", "edit", "delete", "import", "export"]
FieldMode = Literal["editable", "read_only", "hidden"]
Kind = Literal["role", "role_and_subordinates", "group"]
Access = Literal["read", "read_write"]
Default = Literal["private", "public_read", "public_read_write", "public_read_write_delete"]


class RoleCreate(Schema):
    name: str = Field(max_length=200)
    parent_id: UUID = Field(description="The role directly above; the tree has one root.")
    profile_ids: list[UUID] = Field(min_length=1, max_length=50)
    description: str | None = Field(None, max_length=1000)

    def command(self) -> CreateRole:
        return CreateRole(RoleFields(**plain(self.model_dump())))


class RolePatch(Schema):
    name: str | None = Field(None, max_length=200)
    parent_id: UUID | None = Field(None, description="Moving under a subordinate is 409.")
    profile_ids: list[UUID] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=1000)

    def command(self, role_id: UUID, expected_version: int | None) -> ChangeRole:
        values, sent = given(self)
        return ChangeRole(role_id, RoleFields(**values), sent, expected_version)


class RoleOut(Schema):
    id: UUID
    name: str
    parent_id: UUID | None
    profile_ids: list[UUID]
    description: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, r: Role) -> RoleOut:
        return cls(
            id=r.id,
            name=r.name,
            parent_id=r.parent_id,
            profile_ids=list(r.profile_ids),
            description=r.description,
            created_at=r.created_at,
            updated_at=r.updated_at,
            version=r.version,
        )


class ProfileCreate(Schema):
    name: str = Field(max_length=200)
    description: str | None = Field(None, max_length=1000)
    view_all: bool = False
    edit_all: bool = False
    modules: dict[str, list[Action]] = Field(
        default_factory=dict, description="module -> granted actions; absent: no access"
    )
    fields: dict[str, dict[str, FieldMode]] = Field(
        default_factory=dict, description="module -> field -> mode; absent: editable"
    )

    def command(self) -> CreateProfile:
        return CreateProfile(ProfileFields(**self.model_dump()))


class ProfilePatch(Schema):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=1000)
    view_all: bool | None = None
    edit_all: bool | None = None
    modules: dict[str, list[Action]] | None = None
    fields: dict[str, dict[str, FieldMode]] | None = None

    def command(self, profile_id: UUID, expected_version: int | None) -> ChangeProfile:
        values, sent = given(self)
        return ChangeProfile(profile_id, ProfileFields(**values), sent, expected_version)


class ProfileOut(Schema):
    id: UUID
    name: str
    description: str
    view_all: bool
    edit_all: bool
    modules: dict[str, list[str]]
    fields: dict[str, dict[str, str]]
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, p: Profile) -> ProfileOut:
        return cls(
            id=p.id,
            name=p.name,
            description=p.description,
            view_all=p.view_all,
            edit_all=p.edit_all,
            modules={m: list(a) for m, a in p.modules.items()},
            fields=p.fields,
            created_at=p.created_at,
            updated_at=p.updated_at,
            version=p.version,
        )


class GroupCreate(Schema):
    name: str = Field(max_length=200)
    description: str | None = Field(None, max_length=1000)
    user_ids: list[UUID] = Field(default_factory=list, max_length=5000)
    role_ids: list[UUID] = Field(default_factory=list, max_length=500)
    role_and_subordinate_ids: list[UUID] = Field(default_factory=list, max_length=500)

    def command(self) -> CreateGroup:
        return CreateGroup(GroupFields(**plain(self.model_dump())))


class GroupPatch(Schema):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=1000)
    user_ids: list[UUID] | None = Field(None, max_length=5000)
    role_ids: list[UUID] | None = Field(None, max_length=500)
    role_and_subordinate_ids: list[UUID] | None = Field(None, max_length=500)

    def command(self, group_id: UUID, expected_version: int | None) -> ChangeGroup:
        values, sent = given(self)
        return ChangeGroup(group_id, GroupFields(**values), sent, expected_version)


class GroupOut(Schema):
    id: UUID
    name: str
    description: str
    user_ids: list[UUID]
    role_ids: list[UUID]
    role_and_subordinate_ids: list[UUID]
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, g: Group) -> GroupOut:
        return cls(
            id=g.id,
            name=g.name,
            description=g.description,
            user_ids=list(g.user_ids),
            role_ids=list(g.role_ids),
            role_and_subordinate_ids=list(g.role_and_subordinate_ids),
            created_at=g.created_at,
            updated_at=g.updated_at,
            version=g.version,
        )


class SharingRuleCreate(Schema):
    module: str = Field(max_length=64)
    source_kind: Kind
    source_id: UUID
    target_kind: Kind
    target_id: UUID
    access: Access = "read"

    def command(self) -> CreateSharingRule:
        return CreateSharingRule(SharingRuleFields(**self.model_dump()))


class SharingRulePatch(Schema):
    module: str | None = Field(None, max_length=64)
    source_kind: Kind | None = None
    source_id: UUID | None = None
    target_kind: Kind | None = None
    target_id: UUID | None = None
    access: Access | None = None

    def command(self, rule_id: UUID, expected_version: int | None) -> ChangeSharingRule:
        values, sent = given(self)
        return ChangeSharingRule(rule_id, SharingRuleFields(**values), sent, expected_version)


class SharingRuleOut(Schema):
    id: UUID
    module: str
    source_kind: str
    source_id: UUID
    target_kind: str
    target_id: UUID
    access: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, r: SharingRule) -> SharingRuleOut:
        return cls(
            id=r.id,
            module=r.module,
            source_kind=r.source_kind,
            source_id=r.source_id,
            target_kind=r.target_kind,
            target_id=r.target_id,
            access=r.access,
            created_at=r.created_at,
            updated_at=r.updated_at,
            version=r.version,
        )


class SharingDefaultIn(Schema):
    access: Default


class SharingDefaultOut(Schema):
    module: str
    access: str


class SharingDefaultsOut(Schema):
    items: list[SharingDefaultOut] = Field(
        description="One entry per module with record owners; accounts and contacts share one "
        "setting, so setting either sets both."
    )


class AuditQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    type: str | None = Field(None, max_length=64, description='e.g. "sign_in.failed" or "role"')
    actor_id: str | None = Field(None, max_length=64)
    subject_id: str | None = Field(None, max_length=64)
    since: datetime | None = None


class AuditEventOut(Schema):
    id: UUID
    occurred_at: datetime
    type: str
    actor_id: str | None
    subject_type: str | None
    subject_id: str | None
    details: dict[str, Any]
    client_ip: str | None


class RotatedKeyOut(Schema):
    kid: str = Field(description="The new signing key; older keys verify until they retire.")
