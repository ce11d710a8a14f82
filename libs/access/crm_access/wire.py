"""The snapshot on the wire: JSON of ``crm.identity.v1.PolicySnapshot`` (policy.proto).

Reading goes JSON -> the proto message (``ParseDict``, unknown fields ignored: a newer
identity may add some) -> :mod:`crm_access.model`'s dataclasses, checking the values the
schema keeps as strings. Writing goes the other way, with the proto field names as keys.

Two details keep the JSON what services already store: proto3 JSON writes an int64 as a
string, so ``version`` is put back as a number (readers take either); and keys are sorted,
so equal snapshots give equal text whatever order the maps were filled in.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any, cast

from google.protobuf import json_format

from crm.identity.v1 import policy_pb2 as pb
from crm_access.model import (
    FieldMode,
    Group,
    PolicySnapshot,
    Profile,
    Revocation,
    RevocationKind,
    Role,
    RuleAccess,
    SharingDefault,
    SharingRule,
    SourceKind,
    UserFacts,
    UserKind,
)

_SHARING = frozenset({"private", "public_read", "public_read_write", "public_read_write_delete"})
_MODES = frozenset({"editable", "read_only", "hidden"})
_KINDS = frozenset({"role", "role_and_subordinates", "group"})
_ACCESS = frozenset({"read", "read_write"})
_USER_KINDS = frozenset({"user", "portal"})
_REVOCATION_KINDS = frozenset({"token", "session"})


def _one_of(value: Any, allowed: Collection[str], what: str) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"policy snapshot: {what} {value!r} is not one of {sorted(allowed)}")
    return value


def _strings(values: Iterable[Any], what: str) -> tuple[str, ...]:
    out = tuple(values)
    if not all(isinstance(v, str) for v in out):
        raise ValueError(f"policy snapshot: {what} must be strings")
    return out


# -- reading ---------------------------------------------------------------------------------


def snapshot_from_json(text: str | bytes) -> PolicySnapshot:
    """Parse the published JSON of a snapshot."""
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("policy snapshot: the JSON is not an object")
    return snapshot_from_dict(doc)


def snapshot_from_dict(doc: Mapping[str, Any]) -> PolicySnapshot:
    """Parse a decoded JSON document of a snapshot."""
    message = pb.PolicySnapshot()
    json_format.ParseDict(dict(doc), message, ignore_unknown_fields=True)
    return snapshot_from_message(message)


def snapshot_from_message(m: pb.PolicySnapshot) -> PolicySnapshot:
    """Convert the proto message into the dataclasses decisions read."""
    return PolicySnapshot(
        version=m.version,
        users=tuple(_user(u) for u in m.users),
        roles=tuple(
            Role(
                id=r.id,
                name=r.name,
                parent_id=r.parent_id if r.HasField("parent_id") else None,
                profile_ids=tuple(r.profile_ids),
            )
            for r in m.roles
        ),
        profiles=tuple(_profile(p) for p in m.profiles),
        groups=tuple(
            Group(
                id=g.id,
                name=g.name,
                user_ids=tuple(g.user_ids),
                role_ids=tuple(g.role_ids),
                role_and_subordinate_ids=tuple(g.role_and_subordinate_ids),
            )
            for g in m.groups
        ),
        sharing_defaults={
            module: cast(SharingDefault, _one_of(value, _SHARING, "sharing default"))
            for module, value in m.sharing_defaults.items()
        },
        sharing_rules=tuple(_rule(r) for r in m.sharing_rules),
        unowned_modules=tuple(m.unowned_modules),
        revocations=tuple(
            Revocation(
                kind=cast(RevocationKind, _one_of(r.kind, _REVOCATION_KINDS, "revocation kind")),
                id=r.id,
                expires_at=r.expires_at,
            )
            for r in m.revocations
        ),
    )


def _user(u: pb.PolicyUser) -> UserFacts:
    return UserFacts(
        id=u.id,
        role_id=u.role_id if u.HasField("role_id") else None,
        is_admin=u.is_admin,
        active=u.active if u.HasField("active") else True,
        kind=cast(UserKind, _one_of(u.kind or "user", _USER_KINDS, "user kind")),
    )


def _profile(p: pb.PolicyProfile) -> Profile:
    fields: dict[str, dict[str, FieldMode]] = {}
    for module, modes in p.fields.items():
        fields[module] = {name: _one_of(mode, _MODES, "field mode") for name, mode in modes.items()}
    return Profile(
        id=p.id,
        name=p.name,
        view_all=p.view_all,
        edit_all=p.edit_all,
        modules={m: _strings(actions, "actions") for m, actions in p.modules.items()},
        fields=fields,
    )


def _rule(r: pb.PolicySharingRule) -> SharingRule:
    return SharingRule(
        id=r.id,
        module=r.module,
        source_kind=cast(SourceKind, _one_of(r.source_kind, _KINDS, "rule source kind")),
        source_id=r.source_id,
        target_kind=cast(SourceKind, _one_of(r.target_kind, _KINDS, "rule target kind")),
        target_id=r.target_id,
        access=cast(RuleAccess, _one_of(r.access or "read", _ACCESS, "rule access")),
    )


# -- writing ---------------------------------------------------------------------------------


def snapshot_to_message(s: PolicySnapshot) -> pb.PolicySnapshot:
    """Convert the dataclasses into the proto message."""
    m = pb.PolicySnapshot(
        version=s.version,
        sharing_defaults=dict(s.sharing_defaults),
        unowned_modules=list(s.unowned_modules),
    )
    for u in s.users:
        m.users.add(id=u.id, role_id=u.role_id, is_admin=u.is_admin, active=u.active, kind=u.kind)
    for r in s.roles:
        m.roles.add(id=r.id, name=r.name, parent_id=r.parent_id, profile_ids=list(r.profile_ids))
    for p in s.profiles:
        out = m.profiles.add(id=p.id, name=p.name, view_all=p.view_all, edit_all=p.edit_all)
        for module, actions in p.modules.items():
            out.modules[module].extend(list(actions))
        for module, modes in p.fields.items():
            out.fields[module].update(dict(modes))
    for g in s.groups:
        m.groups.add(
            id=g.id,
            name=g.name,
            user_ids=list(g.user_ids),
            role_ids=list(g.role_ids),
            role_and_subordinate_ids=list(g.role_and_subordinate_ids),
        )
    for rule in s.sharing_rules:
        m.sharing_rules.add(
            id=rule.id,
            module=rule.module,
            source_kind=rule.source_kind,
            source_id=rule.source_id,
            target_kind=rule.target_kind,
            target_id=rule.target_id,
            access=rule.access,
        )
    for revoked in s.revocations:
        m.revocations.add(kind=revoked.kind, id=revoked.id, expires_at=revoked.expires_at)
    return m


def snapshot_to_json(s: PolicySnapshot) -> str:
    """Return the JSON identity publishes for ``s``."""
    message = snapshot_to_message(s)
    doc = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    doc["version"] = message.version
    if not doc.get("revocations"):
        # Written only when there are some, so a snapshot without any is the JSON it was
        # before revocations existed.
        doc.pop("revocations", None)
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
