"""The access policy as identity distributes it: one versioned, self-contained snapshot.

Identity owns the model (users' roles, the role tree, profiles, groups, sharing defaults and
rules) and publishes the whole of it on every change (``identity.policy.changed.v1``) and on
request (``PolicyService.GetSnapshot``), as JSON of ``crm.identity.v1.PolicySnapshot``
(protos/crm/identity/v1/policy.proto). Each service keeps the newest copy it has seen and
decides locally (:mod:`crm_access.decisions`).

These plain frozen dataclasses are what deciding code reads; :mod:`crm_access.wire`
converts them to and from the declared schema, so this module imports no generated code
(identity's domain builds snapshots from it).

A whole snapshot rather than diffs: an organisation's users, roles and rules are small
(thousands of rows at most), and a whole copy can neither drift nor depend on ordering;
a newer ``version`` simply replaces an older one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# The actions a profile grants per module (docs/domain.md: import and export only when granted).
ACTIONS: tuple[str, ...] = ("view", "create", "edit", "delete", "import", "export")
# The actions that only read; a service account needs its ``.read`` scope for them.
READ_ACTIONS = frozenset({"view", "read", "list", "export"})

SharingDefault = Literal["private", "public_read", "public_read_write", "public_read_write_delete"]
FieldMode = Literal["editable", "read_only", "hidden"]
SourceKind = Literal["role", "role_and_subordinates", "group"]
RuleAccess = Literal["read", "read_write"]
UserKind = Literal["user", "portal"]


@dataclass(frozen=True)
class UserFacts:
    id: str
    role_id: str | None = None
    is_admin: bool = False
    active: bool = True
    kind: UserKind = "user"


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    parent_id: str | None = None
    profile_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    # Global overrides (docs/domain.md step 3): view, or create/edit/delete, every record.
    view_all: bool = False
    edit_all: bool = False
    # module -> granted actions; a module absent here is not accessible at all (step 4).
    modules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # module -> field -> mode; a field absent here is editable.
    fields: Mapping[str, Mapping[str, FieldMode]] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    user_ids: tuple[str, ...] = ()
    role_ids: tuple[str, ...] = ()
    role_and_subordinate_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharingRule:
    """Records of ``module`` owned by the source are shared with the target."""

    id: str
    module: str
    source_kind: SourceKind
    source_id: str
    target_kind: SourceKind
    target_id: str
    access: RuleAccess = "read"


RevocationKind = Literal["token", "session"]


@dataclass(frozen=True)
class Revocation:
    """A revoked access token (``kind`` "token", ``id`` its ``jti``) or every access token of
    a sign-in session (``kind`` "session", ``id`` the ``sid`` claim, a refresh family);
    meaningless after ``expires_at`` (Unix seconds), when no such token is valid anyway."""

    kind: RevocationKind
    id: str
    expires_at: int = 0


@dataclass(frozen=True)
class PolicySnapshot:
    version: int = 0
    users: tuple[UserFacts, ...] = ()
    roles: tuple[Role, ...] = ()
    profiles: tuple[Profile, ...] = ()
    groups: tuple[Group, ...] = ()
    # module -> default sharing; a module absent here is private.
    sharing_defaults: Mapping[str, SharingDefault] = field(default_factory=dict)
    sharing_rules: tuple[SharingRule, ...] = ()
    # Modules whose records have no owner (price books, knowledge base): step 7.
    unowned_modules: tuple[str, ...] = ()
    # Access tokens refused before they expire (docs/architecture.md, "Revocation").
    revocations: tuple[Revocation, ...] = ()

    def to_json(self) -> str:
        """Return the snapshot as the JSON identity publishes (through the proto schema)."""
        from crm_access.wire import snapshot_to_json

        return snapshot_to_json(self)

    @classmethod
    def from_json(cls, text: str | bytes) -> PolicySnapshot:
        """Parse published JSON, ignoring fields this version does not know."""
        from crm_access.wire import snapshot_from_json

        return snapshot_from_json(text)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> PolicySnapshot:
        """Parse the JSON document ``doc`` (already decoded), like :meth:`from_json`."""
        from crm_access.wire import snapshot_from_dict

        return snapshot_from_dict(doc)
