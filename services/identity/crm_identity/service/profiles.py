"""Use cases of profiles: create, change (modules and fields replace wholesale), delete.

Every change is audited and publishes the new policy in the same transaction.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Conflict, RecordNotFound
from crm_identity.domain.commands import ChangeProfile, CreateProfile, DeleteProfile
from crm_identity.domain.ports import Clock
from crm_identity.domain.profiles import Profile
from crm_identity.domain.versions import ChangedMeanwhile
from crm_identity.service.audit import diff, record_change
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory


def _profile(tx: IdentityUnitOfWork, profile_id: UUID) -> Profile:
    profile = tx.profiles.get(profile_id)
    if profile is None:
        raise RecordNotFound("profile", profile_id)
    return profile


def create_profile(
    cmd: CreateProfile, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Profile:
    """Create a profile: module actions, field modes, view-all and edit-all."""
    profile = Profile.create(uuid.uuid4(), cmd.fields, clock())
    with uow() as tx:
        tx.profiles.add(profile)
        record_change(tx, "profile.created", caller, "profile", profile.id, profile.state())
    return profile


def change_profile(
    cmd: ChangeProfile, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Profile:
    """Change a profile; what every role holding it grants changes with it."""
    with uow() as tx:
        profile = _profile(tx, cmd.profile_id)
        profile.check_version(cmd.expected_version)
        loaded, before = profile.version, profile.state()
        profile.change(cmd.fields, cmd.sent)
        after = profile.state()
        if after == before:
            return profile
        profile.touch(clock())
        if not tx.profiles.save(profile, expected_version=loaded):
            raise ChangedMeanwhile("profile")
        record_change(tx, "profile.updated", caller, "profile", profile.id, diff(before, after))
    return profile


def delete_profile(
    cmd: DeleteProfile, *, uow: IdentityUnitOfWorkFactory, caller: Principal
) -> None:
    """Delete a profile no role holds (409 otherwise)."""
    with uow() as tx:
        profile = _profile(tx, cmd.profile_id)
        profile.check_version(cmd.expected_version)
        using = tx.roles.using_profile(profile.id)
        if using:
            raise Conflict(
                f"The profile is used by role(s) {sorted(r.name for r in using)}; "
                "take it off them first."
            )
        tx.profiles.delete(profile.id)
        record_change(tx, "profile.deleted", caller, "profile", profile.id, profile.state())
