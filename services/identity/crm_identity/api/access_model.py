"""Admin REST routes of the access model (administrators only: module "settings").

Every change is audited and publishes the new policy (identity.policy.changed.v1).
Sharing defaults: ``GET /sharing-defaults`` lists every module with owners;
``GET|PUT /sharing-defaults/{module}`` reads or sets one (accounts and contacts together).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.errors import NotFound
from crm_chassis.http import Api, Page, Reply, if_match
from crm_identity.api.access_schemas import (
    AuditEventOut,
    AuditQuery,
    GroupCreate,
    GroupOut,
    GroupPatch,
    ProfileCreate,
    ProfileOut,
    ProfilePatch,
    RoleCreate,
    RoleOut,
    RolePatch,
    RotatedKeyOut,
    SharingDefaultIn,
    SharingDefaultOut,
    SharingDefaultsOut,
    SharingRuleCreate,
    SharingRuleOut,
    SharingRulePatch,
)
from crm_identity.domain.modules import OWNED
from crm_identity.service.access_model import RoleInput
from crm_identity.service.audit import AuditFilter

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity

VIEW = ("settings", "view")
EDIT = ("settings", "edit")


def _actor() -> str:
    return context.principal().subject


def _page(items: list[Any]) -> dict[str, Any]:
    # Access-model collections are small (tens of rows): one page, in the list shape of
    # docs/api-conventions.md.
    return {"items": items, "next_cursor": None}


def register(api: Api, app: Identity) -> None:
    base = api.base
    model = app.model

    # -- roles ---------------------------------------------------------------------------

    @api.route(
        "/roles",
        "POST",
        body=RoleCreate,
        response=RoleOut,
        status=201,
        permission=EDIT,
        summary="Create a role below an existing one",
    )
    def create_role(body: RoleCreate) -> Reply:
        role = model.create_role(RoleInput(**body.model_dump()), _actor())
        return Reply(
            RoleOut.of(role), status=201, location=f"{base}/roles/{role.id}", etag=role.version
        )

    @api.route(
        "/roles",
        "GET",
        response=Page[RoleOut],
        permission=VIEW,
        summary="List roles (the hierarchy via parent_id)",
    )
    def list_roles() -> Reply:
        return Reply(_page([RoleOut.of(r).model_dump(mode="json") for r in model.list_roles()]))

    @api.route("/roles/<role_id>", "GET", response=RoleOut, permission=VIEW, summary="Read a role")
    def get_role(role_id: UUID) -> Reply:
        role = model.get_role(role_id)
        return Reply(RoleOut.of(role), etag=role.version)

    @api.route(
        "/roles/<role_id>",
        "PATCH",
        body=RolePatch,
        response=RoleOut,
        permission=EDIT,
        summary="Change a role; a move that would create a cycle is 409",
    )
    def patch_role(role_id: UUID, body: RolePatch) -> Reply:
        data = body.model_dump(exclude_unset=True)
        role = model.update_role(
            role_id, RoleInput(**data, fields_set=frozenset(data)), if_match(), _actor()
        )
        return Reply(RoleOut.of(role), etag=role.version)

    @api.route(
        "/roles/<role_id>",
        "DELETE",
        status=204,
        permission=EDIT,
        summary="Delete a role; 409 while users, subordinates or rules use it",
    )
    def delete_role(role_id: UUID) -> Reply:
        model.delete_role(role_id, if_match(), _actor())
        return Reply(None, status=204)

    # -- profiles ------------------------------------------------------------------------

    @api.route(
        "/profiles",
        "POST",
        body=ProfileCreate,
        response=ProfileOut,
        status=201,
        permission=EDIT,
        summary="Create a profile (module actions, field modes)",
    )
    def create_profile(body: ProfileCreate) -> Reply:
        profile = model.create_profile(body.model_dump(), _actor())
        return Reply(
            ProfileOut.of(profile),
            status=201,
            location=f"{base}/profiles/{profile.id}",
            etag=profile.version,
        )

    @api.route(
        "/profiles", "GET", response=Page[ProfileOut], permission=VIEW, summary="List profiles"
    )
    def list_profiles() -> Reply:
        return Reply(
            _page([ProfileOut.of(p).model_dump(mode="json") for p in model.list_profiles()])
        )

    @api.route(
        "/profiles/<profile_id>",
        "GET",
        response=ProfileOut,
        permission=VIEW,
        summary="Read a profile",
    )
    def get_profile(profile_id: UUID) -> Reply:
        profile = model.get_profile(profile_id)
        return Reply(ProfileOut.of(profile), etag=profile.version)

    @api.route(
        "/profiles/<profile_id>",
        "PATCH",
        body=ProfilePatch,
        response=ProfileOut,
        permission=EDIT,
        summary="Change a profile (modules/fields replace wholesale)",
    )
    def patch_profile(profile_id: UUID, body: ProfilePatch) -> Reply:
        profile = model.update_profile(
            profile_id, body.model_dump(exclude_unset=True), if_match(), _actor()
        )
        return Reply(ProfileOut.of(profile), etag=profile.version)

    @api.route(
        "/profiles/<profile_id>",
        "DELETE",
        status=204,
        permission=EDIT,
        summary="Delete a profile; 409 while a role uses it",
    )
    def delete_profile(profile_id: UUID) -> Reply:
        model.delete_profile(profile_id, if_match(), _actor())
        return Reply(None, status=204)

    # -- groups --------------------------------------------------------------------------

    @api.route(
        "/groups",
        "POST",
        body=GroupCreate,
        response=GroupOut,
        status=201,
        permission=EDIT,
        summary="Create a group of users, roles, roles+subordinates",
    )
    def create_group(body: GroupCreate) -> Reply:
        group = model.create_group(body.model_dump(), _actor())
        return Reply(
            GroupOut.of(group), status=201, location=f"{base}/groups/{group.id}", etag=group.version
        )

    @api.route("/groups", "GET", response=Page[GroupOut], permission=VIEW, summary="List groups")
    def list_groups() -> Reply:
        return Reply(_page([GroupOut.of(g).model_dump(mode="json") for g in model.list_groups()]))

    @api.route(
        "/groups/<group_id>", "GET", response=GroupOut, permission=VIEW, summary="Read a group"
    )
    def get_group(group_id: UUID) -> Reply:
        group = model.get_group(group_id)
        return Reply(GroupOut.of(group), etag=group.version)

    @api.route(
        "/groups/<group_id>",
        "PATCH",
        body=GroupPatch,
        response=GroupOut,
        permission=EDIT,
        summary="Change a group (member lists replace wholesale)",
    )
    def patch_group(group_id: UUID, body: GroupPatch) -> Reply:
        group = model.update_group(
            group_id, body.model_dump(exclude_unset=True), if_match(), _actor()
        )
        return Reply(GroupOut.of(group), etag=group.version)

    @api.route(
        "/groups/<group_id>",
        "DELETE",
        status=204,
        permission=EDIT,
        summary="Delete a group; 409 while sharing rules name it",
    )
    def delete_group(group_id: UUID) -> Reply:
        model.delete_group(group_id, if_match(), _actor())
        return Reply(None, status=204)

    # -- sharing defaults ----------------------------------------------------------------

    def _defaults() -> SharingDefaultsOut:
        return SharingDefaultsOut(
            items=[
                SharingDefaultOut(module=m, access=a) for m, a in model.sharing_defaults().items()
            ]
        )

    @api.route(
        "/sharing-defaults",
        "GET",
        response=SharingDefaultsOut,
        permission=VIEW,
        summary="The default sharing of every module with record owners",
    )
    def list_sharing_defaults() -> Reply:
        return Reply(_defaults())

    @api.route(
        "/sharing-defaults/<module>",
        "GET",
        response=SharingDefaultOut,
        permission=VIEW,
        summary="One module's default sharing",
    )
    def get_sharing_default(module: str) -> Reply:
        if module not in OWNED:
            raise NotFound("No such module with record owners.")
        return Reply(SharingDefaultOut(module=module, access=model.sharing_defaults()[module]))

    @api.route(
        "/sharing-defaults/<module>",
        "PUT",
        body=SharingDefaultIn,
        response=SharingDefaultOut,
        permission=EDIT,
        summary="Set a module's default sharing (accounts and contacts move together)",
    )
    def put_sharing_default(module: str, body: SharingDefaultIn) -> Reply:
        if module not in OWNED:
            raise NotFound("No such module with record owners.")
        values = model.set_sharing_default(module, body.access, _actor())
        return Reply(SharingDefaultOut(module=module, access=values[module]))

    # -- sharing rules -------------------------------------------------------------------

    @api.route(
        "/sharing-rules",
        "POST",
        body=SharingRuleCreate,
        response=SharingRuleOut,
        status=201,
        permission=EDIT,
        summary="Share records of a module owned by a role/group with another",
    )
    def create_sharing_rule(body: SharingRuleCreate) -> Reply:
        rule = model.create_rule(body.model_dump(), _actor())
        return Reply(
            SharingRuleOut.of(rule),
            status=201,
            location=f"{base}/sharing-rules/{rule.id}",
            etag=rule.version,
        )

    @api.route(
        "/sharing-rules",
        "GET",
        response=Page[SharingRuleOut],
        permission=VIEW,
        summary="List sharing rules",
    )
    def list_sharing_rules() -> Reply:
        return Reply(
            _page([SharingRuleOut.of(r).model_dump(mode="json") for r in model.list_rules()])
        )

    @api.route(
        "/sharing-rules/<rule_id>",
        "GET",
        response=SharingRuleOut,
        permission=VIEW,
        summary="Read a sharing rule",
    )
    def get_sharing_rule(rule_id: UUID) -> Reply:
        rule = model.get_rule(rule_id)
        return Reply(SharingRuleOut.of(rule), etag=rule.version)

    @api.route(
        "/sharing-rules/<rule_id>",
        "PATCH",
        body=SharingRulePatch,
        response=SharingRuleOut,
        permission=EDIT,
        summary="Change a sharing rule",
    )
    def patch_sharing_rule(rule_id: UUID, body: SharingRulePatch) -> Reply:
        rule = model.update_rule(rule_id, body.model_dump(exclude_unset=True), if_match(), _actor())
        return Reply(SharingRuleOut.of(rule), etag=rule.version)

    @api.route(
        "/sharing-rules/<rule_id>",
        "DELETE",
        status=204,
        permission=EDIT,
        summary="Delete a sharing rule",
    )
    def delete_sharing_rule(rule_id: UUID) -> Reply:
        model.delete_rule(rule_id, if_match(), _actor())
        return Reply(None, status=204)

    # -- audit and keys ------------------------------------------------------------------

    @api.route(
        "/audit-events",
        "GET",
        query=AuditQuery,
        response=Page[AuditEventOut],
        permission=VIEW,
        summary="The audit log, newest first (filters: type, actor_id, subject_id, since)",
    )
    def list_audit_events(query: AuditQuery) -> Reply:
        rows, cursor = app.audit.list(AuditFilter(**query.model_dump()))
        items = [AuditEventOut.model_validate(r, from_attributes=True) for r in rows]
        return Reply(Page[AuditEventOut](items=items, next_cursor=cursor))

    @api.route(
        "/signing-keys/rotate",
        "POST",
        response=RotatedKeyOut,
        permission=EDIT,
        idempotent=False,
        summary="Sign with a new key; old keys stay in the JWKS until their tokens expire",
    )
    def rotate_signing_key() -> Reply:
        return Reply(RotatedKeyOut(kid=app.rotate_signing_key(_actor())))
