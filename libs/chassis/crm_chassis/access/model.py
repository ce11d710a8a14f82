"""The access policy as identity distributes it: one versioned, self-contained snapshot.

Identity owns the model (users' roles, the role tree, profiles, groups, sharing defaults and
rules) and publishes the whole of it, as JSON of :class:`PolicySnapshot`, on every change
(``identity.policy.changed.v1``) and on request (``PolicyService.GetSnapshot``). Each service
keeps the newest copy it has seen and decides locally (:mod:`crm_chassis.access.decisions`).

A whole snapshot rather than diffs: an organisation's users, roles and rules are small
(thousands of rows at most), and a whole copy can neither drift nor depend on ordering;
a newer ``version`` simply replaces an older one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The actions a profile grants per module (docs/domain.md: import and export only when granted).
ACTIONS: tuple[str, ...] = ("view", "create", "edit", "delete", "import", "export")

SharingDefault = Literal["private", "public_read", "public_read_write", "public_read_write_delete"]
FieldMode = Literal["editable", "read_only", "hidden"]
SourceKind = Literal["role", "role_and_subordinates", "group"]
RuleAccess = Literal["read", "read_write"]


class _Frozen(BaseModel):
    # Tolerant reader: a newer identity may add fields an older service does not know.
    model_config = ConfigDict(frozen=True, extra="ignore")


class UserFacts(_Frozen):
    id: str
    role_id: str | None = None
    is_admin: bool = False
    active: bool = True
    kind: Literal["user", "portal"] = "user"


class Role(_Frozen):
    id: str
    name: str
    parent_id: str | None = None
    profile_ids: tuple[str, ...] = ()


class Profile(_Frozen):
    id: str
    name: str
    # Global overrides (docs/domain.md step 3): view, or create/edit/delete, every record.
    view_all: bool = False
    edit_all: bool = False
    # module -> granted actions; a module absent here is not accessible at all (step 4).
    modules: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # module -> field -> mode; a field absent here is editable.
    fields: dict[str, dict[str, FieldMode]] = Field(default_factory=dict)


class Group(_Frozen):
    id: str
    name: str
    user_ids: tuple[str, ...] = ()
    role_ids: tuple[str, ...] = ()
    role_and_subordinate_ids: tuple[str, ...] = ()


class SharingRule(_Frozen):
    """Records of ``module`` owned by the source are shared with the target."""

    id: str
    module: str
    source_kind: SourceKind
    source_id: str
    target_kind: SourceKind
    target_id: str
    access: RuleAccess = "read"


class PolicySnapshot(_Frozen):
    version: int = 0
    users: tuple[UserFacts, ...] = ()
    roles: tuple[Role, ...] = ()
    profiles: tuple[Profile, ...] = ()
    groups: tuple[Group, ...] = ()
    # module -> default sharing; a module absent here is private.
    sharing_defaults: dict[str, SharingDefault] = Field(default_factory=dict)
    sharing_rules: tuple[SharingRule, ...] = ()
    # Modules whose records have no owner (price books, knowledge base): step 7.
    unowned_modules: tuple[str, ...] = ()

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> PolicySnapshot:
        return cls.model_validate_json(text)
