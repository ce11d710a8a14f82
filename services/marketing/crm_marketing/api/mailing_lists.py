"""Static mailing lists and their members (the campaigns module's material)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, ListQuery, Page, Reply, if_match, service
from crm_chassis.pagination import ListParams
from crm_marketing.api.list_schemas import (
    AudiencePreviewOut,
    MailingListIn,
    MailingListOut,
    MailingListPatch,
    MemberOut,
    MemberQuery,
    MembersAddedOut,
    MembersIn,
    PreviewQuery,
    out,
    preview_out,
)
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.audience_commands import (
    AddListMembers,
    ChangeMailingList,
    CreateMailingList,
    DeleteMailingList,
    PreviewAudience,
    RemoveListMember,
)
from crm_marketing.service.audience_access import CREATE, DELETE, EDIT, READ

BASE = "/api/marketing/v1/mailing-lists"

bp = Blueprint("mailing_lists")


@bp.get("/mailing-lists", query=ListQuery, response=Page[MailingListOut], permission=READ)
def list_mailing_lists(query: ListQuery) -> dict[str, Any]:
    """List mailing lists (sort name, created_at, updated_at; q matches the name)."""
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
    )
    items, cursor = service(Marketing).audience.mailing_lists(context.principal(), params)
    return {"items": [out(MailingListOut, i) for i in items], "next_cursor": cursor}


@bp.get("/mailing-lists/<list_id>", response=MailingListOut, permission=READ)
def get_mailing_list(list_id: UUID) -> Reply:
    """Get a mailing list."""
    found = service(Marketing).audience.mailing_list(context.principal(), list_id)
    return Reply(out(MailingListOut, found), etag=found.version)


@bp.post(
    "/mailing-lists", body=MailingListIn, response=MailingListOut, status=201, permission=CREATE
)
def create_mailing_list(body: MailingListIn) -> Reply:
    """Create an empty mailing list."""
    command = CreateMailingList(
        name=body.name, description=body.description, owner_id=body.owner_id
    )
    found = service(Marketing).run(command, caller=context.principal())
    return Reply(out(MailingListOut, found), location=f"{BASE}/{found.id}", etag=found.version)


@bp.patch(
    "/mailing-lists/<list_id>", body=MailingListPatch, response=MailingListOut, permission=EDIT
)
def change_mailing_list(list_id: UUID, body: MailingListPatch) -> Reply:
    """Rename a mailing list or change its description (If-Match honoured)."""
    command = ChangeMailingList(
        list_id=list_id,
        name=body.name,
        description=body.description,
        owner_id=body.owner_id,
        sent=frozenset(body.model_fields_set),
        expected_version=if_match(),
    )
    found = service(Marketing).run(command, caller=context.principal())
    return Reply(out(MailingListOut, found), etag=found.version)


@bp.delete("/mailing-lists/<list_id>", response=None, permission=DELETE)
def delete_mailing_list(list_id: UUID) -> None:
    """Delete a mailing list and its memberships (the records stay)."""
    service(Marketing).run(DeleteMailingList(list_id), caller=context.principal())


@bp.get(
    "/mailing-lists/<list_id>/members",
    query=MemberQuery,
    response=Page[MemberOut],
    permission=READ,
)
def list_members(list_id: UUID, query: MemberQuery) -> dict[str, Any]:
    """A list's members, newest first (kind: contact or lead)."""
    items, cursor = service(Marketing).audience.members(
        context.principal(), list_id, limit=query.limit, cursor=query.cursor, kind=query.kind
    )
    return {"items": [out(MemberOut, m) for m in items], "next_cursor": cursor}


@bp.post(
    "/mailing-lists/<list_id>/members", body=MembersIn, response=MembersAddedOut, permission=EDIT
)
def add_members(list_id: UUID, body: MembersIn) -> dict[str, Any]:
    """Add contacts and leads by id (each visible to the caller, else 422 and nothing is
    added); adding one twice changes nothing."""
    command = AddListMembers(
        list_id=list_id,
        contact_ids=tuple(body.contact_ids),
        lead_ids=tuple(body.lead_ids),
        token=context.caller_token(),
    )
    found = service(Marketing).run(command, caller=context.principal())
    return {"added": found.added, "already": found.already}


@bp.delete("/mailing-lists/<list_id>/members/<kind>/<member_id>", response=None, permission=EDIT)
def remove_member(list_id: UUID, kind: str, member_id: UUID) -> None:
    """Take a contact or lead (kind: contact or lead) off the list."""
    command = RemoveListMember(list_id=list_id, kind=kind, member_id=member_id)
    service(Marketing).run(command, caller=context.principal())


@bp.get(
    "/mailing-lists/<list_id>/preview",
    query=PreviewQuery,
    response=AudiencePreviewOut,
    permission=READ,
)
def preview_list(list_id: UUID, query: PreviewQuery) -> dict[str, Any]:
    """Count the list's recipients as the caller sees them, consent applied, with the first."""
    command = PreviewAudience(list_id, limit=query.limit, token=context.caller_token())
    return preview_out(service(Marketing).run(command, caller=context.principal()))
