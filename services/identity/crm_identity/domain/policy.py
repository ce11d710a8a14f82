"""Build the access-policy snapshot every service decides with (crm_access.model).

Published as JSON of ``crm.identity.v1.PolicySnapshot`` (``PolicySnapshot.to_json``).

The snapshot is the whole model, not a diff: small, and a newer version simply replaces an
older copy. Accounts and contacts share one sharing setting, so a default stored for either
is published for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_access import model as published
from crm_identity.domain.groups import Group
from crm_identity.domain.modules import OWNED, SHARED_SETTING, UNOWNED
from crm_identity.domain.profiles import Profile
from crm_identity.domain.roles import Role
from crm_identity.domain.sharing import SharingRule


@dataclass(frozen=True)
class UserAccess:
    """The facts of a user that access decisions need."""

    id: UUID
    role_id: UUID | None
    is_admin: bool
    active: bool
    kind: str


def _ids(ids: Iterable[UUID]) -> tuple[str, ...]:
    return tuple(str(i) for i in ids)


def effective_defaults(stored: Mapping[str, str]) -> dict[str, str]:
    """Return a default for every owned module: stored values, else private."""
    out = {m: stored.get(m, "private") for m in OWNED}
    # One setting for accounts and contacts; writes keep both rows equal, and should they
    # ever differ the first of the pair wins, so the published pair never disagrees.
    for group in set(SHARED_SETTING.values()):
        leader = next((m for m in group if m in stored), None)
        if leader is not None:
            for other in group:
                out[other] = stored[leader]
    return out


def build_snapshot(
    version: int,
    *,
    users: Iterable[UserAccess],
    roles: Iterable[Role],
    profiles: Iterable[Profile],
    groups: Iterable[Group],
    sharing_defaults: Mapping[str, str],
    sharing_rules: Iterable[SharingRule],
    revocations: Iterable[tuple[str, str, datetime]] = (),
) -> published.PolicySnapshot:
    """Return the snapshot for ``version``, ordered so equal models give equal JSON."""
    return published.PolicySnapshot(
        version=version,
        users=tuple(_user(u) for u in sorted(users, key=lambda u: str(u.id))),
        roles=tuple(_role(r) for r in sorted(roles, key=lambda r: str(r.id))),
        profiles=tuple(_profile(p) for p in sorted(profiles, key=lambda p: str(p.id))),
        groups=tuple(_group(g) for g in sorted(groups, key=lambda g: str(g.id))),
        sharing_defaults=effective_defaults(sharing_defaults),  # type: ignore[arg-type]
        sharing_rules=tuple(_rule(r) for r in sorted(sharing_rules, key=lambda r: str(r.id))),
        unowned_modules=UNOWNED,
        revocations=tuple(
            published.Revocation(kind=kind, id=ident, expires_at=int(until.timestamp()) + 1)  # type: ignore[arg-type]
            for kind, ident, until in revocations
        ),
    )


def _user(u: UserAccess) -> published.UserFacts:
    return published.UserFacts(
        id=str(u.id),
        role_id=str(u.role_id) if u.role_id else None,
        is_admin=u.is_admin,
        active=u.active,
        kind="portal" if u.kind == "portal" else "user",
    )


def _role(r: Role) -> published.Role:
    return published.Role(
        id=str(r.id),
        name=r.name,
        parent_id=str(r.parent_id) if r.parent_id else None,
        profile_ids=_ids(r.profile_ids),
    )


def _profile(p: Profile) -> published.Profile:
    return published.Profile(
        id=str(p.id),
        name=p.name,
        view_all=p.view_all,
        edit_all=p.edit_all,
        modules=dict(p.modules),
        fields={m: dict(f) for m, f in p.fields.items()},  # type: ignore[misc]
    )


def _group(g: Group) -> published.Group:
    return published.Group(
        id=str(g.id),
        name=g.name,
        user_ids=_ids(g.user_ids),
        role_ids=_ids(g.role_ids),
        role_and_subordinate_ids=_ids(g.role_and_subordinate_ids),
    )


def _rule(r: SharingRule) -> published.SharingRule:
    return published.SharingRule(
        id=str(r.id),
        module=r.module,
        source_kind=r.source_kind,  # type: ignore[arg-type]
        source_id=str(r.source_id),
        target_kind=r.target_kind,  # type: ignore[arg-type]
        target_id=str(r.target_id),
        access=r.access,  # type: ignore[arg-type]
    )
