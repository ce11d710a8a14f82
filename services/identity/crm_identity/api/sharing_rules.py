"""Sharing rules (administrators only): a module's records owned by a role or group, shared
with another.

Every change is audited and publishes the new policy (identity.policy.changed.v1).
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_identity.api import BASE, SETTINGS_EDIT, SETTINGS_VIEW
from crm_identity.api.access_schemas import SharingRuleCreate, SharingRuleOut, SharingRulePatch
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import DeleteSharingRule

bp = Blueprint("sharing-rules")


@bp.post(
    "/sharing-rules",
    body=SharingRuleCreate,
    response=SharingRuleOut,
    status=201,
    permission=SETTINGS_EDIT,
    summary="Share records of a module owned by a role/group with another",
)
def create_sharing_rule(body: SharingRuleCreate) -> Reply:
    rule = service(Identity).run(body.command(), caller=context.principal())
    location = f"{BASE}/sharing-rules/{rule.id}"
    return Reply(SharingRuleOut.of(rule), location=location, etag=rule.version)


@bp.get(
    "/sharing-rules",
    response=Page[SharingRuleOut],
    permission=SETTINGS_VIEW,
    summary="List sharing rules",
)
def list_sharing_rules() -> Page[SharingRuleOut]:
    rules = service(Identity).queries.sharing_rules()
    return Page[SharingRuleOut](items=[SharingRuleOut.of(r) for r in rules])


@bp.get(
    "/sharing-rules/<rule_id>",
    response=SharingRuleOut,
    permission=SETTINGS_VIEW,
    summary="Read a sharing rule",
)
def get_sharing_rule(rule_id: UUID) -> Reply:
    rule = service(Identity).queries.sharing_rule(rule_id)
    return Reply(SharingRuleOut.of(rule), etag=rule.version)


@bp.patch(
    "/sharing-rules/<rule_id>",
    body=SharingRulePatch,
    response=SharingRuleOut,
    permission=SETTINGS_EDIT,
    summary="Change a sharing rule",
)
def patch_sharing_rule(rule_id: UUID, body: SharingRulePatch) -> Reply:
    rule = service(Identity).run(body.command(rule_id, if_match()), caller=context.principal())
    return Reply(SharingRuleOut.of(rule), etag=rule.version)


@bp.delete(
    "/sharing-rules/<rule_id>",
    response=None,
    permission=SETTINGS_EDIT,
    summary="Delete a sharing rule",
)
def delete_sharing_rule(rule_id: UUID) -> None:
    service(Identity).run(DeleteSharingRule(rule_id, if_match()), caller=context.principal())
