"""Profiles (administrators only): module actions and field modes a role grants.

Every change is audited and publishes the new policy (identity.policy.changed.v1).
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_identity.api import BASE, SETTINGS_EDIT, SETTINGS_VIEW
from crm_identity.api.access_schemas import ProfileCreate, ProfileOut, ProfilePatch
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import DeleteProfile

bp = Blueprint("profiles")


@bp.post(
    "/profiles",
    body=ProfileCreate,
    response=ProfileOut,
    status=201,
    permission=SETTINGS_EDIT,
    summary="Create a profile (module actions, field modes)",
)
def create_profile(body: ProfileCreate) -> Reply:
    profile = service(Identity).run(body.command(), caller=context.principal())
    location = f"{BASE}/profiles/{profile.id}"
    return Reply(ProfileOut.of(profile), location=location, etag=profile.version)


@bp.get("/profiles", response=Page[ProfileOut], permission=SETTINGS_VIEW, summary="List profiles")
def list_profiles() -> Page[ProfileOut]:
    profiles = service(Identity).queries.profiles()
    return Page[ProfileOut](items=[ProfileOut.of(p) for p in profiles])


@bp.get(
    "/profiles/<profile_id>",
    response=ProfileOut,
    permission=SETTINGS_VIEW,
    summary="Read a profile",
)
def get_profile(profile_id: UUID) -> Reply:
    profile = service(Identity).queries.profile(profile_id)
    return Reply(ProfileOut.of(profile), etag=profile.version)


@bp.patch(
    "/profiles/<profile_id>",
    body=ProfilePatch,
    response=ProfileOut,
    permission=SETTINGS_EDIT,
    summary="Change a profile (modules/fields replace wholesale)",
)
def patch_profile(profile_id: UUID, body: ProfilePatch) -> Reply:
    command = body.command(profile_id, if_match())
    profile = service(Identity).run(command, caller=context.principal())
    return Reply(ProfileOut.of(profile), etag=profile.version)


@bp.delete(
    "/profiles/<profile_id>",
    response=None,
    permission=SETTINGS_EDIT,
    summary="Delete a profile; 409 while a role uses it",
)
def delete_profile(profile_id: UUID) -> None:
    service(Identity).run(DeleteProfile(profile_id, if_match()), caller=context.principal())
