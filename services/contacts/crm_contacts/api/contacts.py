"""Contact routes: parse, call one use case, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_contacts.api.mapping import (
    contact_out,
    deletion_request_out,
    fields,
    list_params,
    shown,
)
from crm_contacts.api.schemas import (
    ContactCreate,
    ContactListQuery,
    ContactOut,
    ContactPatch,
    DeleteQuery,
    DeletionRequestOut,
)
from crm_contacts.bootstrap import Contacts

BASE = "/api/contacts/v1/contacts"
REQUESTS = "/api/contacts/v1/deletion-requests"
FILTERS = ("owner_id", "account_id", "lead_source", "email", "tag", "phone", "reports_to_id")


def register(api: Api, app: Contacts) -> None:
    def _out(item: Any, fa: FieldAccess | None = None) -> dict[str, Any]:
        fa = fa or app.access.fields(context.principal(), "contacts")
        return shown(contact_out(item), fa)

    @api.route(
        "/contacts",
        "POST",
        body=ContactCreate,
        response=ContactOut,
        status=201,
        permission=("contacts", "create"),
        summary="Create a contact",
    )
    def create_contact(body: ContactCreate) -> Reply:
        contact = app.create_contact(context.principal(), fields(body))
        return Reply(
            _out(contact), status=201, location=f"{BASE}/{contact.id}", etag=contact.version
        )

    @api.route(
        "/contacts/<contact_id>",
        "GET",
        response=ContactOut,
        permission=("contacts", "view"),
        summary="Get a contact",
    )
    def get_contact(contact_id: UUID) -> Reply:
        contact = app.queries.get_contact(context.principal(), contact_id)
        # A merged-away id resolves to the survivor, which says where it lives now.
        moved = {"Content-Location": f"{BASE}/{contact.id}"} if contact.id != contact_id else {}
        return Reply(_out(contact), etag=contact.version, headers=moved)

    @api.route(
        "/contacts",
        "GET",
        query=ContactListQuery,
        response=Page[ContactOut],
        permission=("contacts", "view"),
        summary="List contacts (keyset paged; sort name, created_at, updated_at)",
    )
    def list_contacts(query: ContactListQuery) -> Reply:
        principal = context.principal()
        items, cursor = app.queries.list_contacts(principal, list_params(query, FILTERS))
        fa = app.access.fields(principal, "contacts")
        return Reply({"items": [_out(c, fa) for c in items], "next_cursor": cursor})

    @api.route(
        "/contacts/<contact_id>",
        "PATCH",
        body=ContactPatch,
        response=ContactOut,
        permission=("contacts", "edit"),
        summary="Change some fields of a contact",
    )
    def patch_contact(contact_id: UUID, body: ContactPatch) -> Reply:
        contact = app.update_contact(context.principal(), contact_id, fields(body), if_match())
        return Reply(_out(contact), etag=contact.version)

    @api.route(
        "/contacts/<contact_id>",
        "DELETE",
        query=DeleteQuery,
        status=204,
        response=DeletionRequestOut,
        permission=("contacts", "delete"),
        summary="Delete (soft; restorable). 202 with a deletion request when other "
        "records refer to it",
    )
    def delete_contact(contact_id: UUID, query: DeleteQuery) -> Reply:
        request = app.delete_contact(context.principal(), contact_id, if_match(), query.reason)
        if request is None:
            return Reply(None, status=204)
        return Reply(deletion_request_out(request), status=202, location=f"{REQUESTS}/{request.id}")

    @api.route(
        "/contacts/<contact_id>/restore",
        "POST",
        response=ContactOut,
        permission=("contacts", "delete"),
        summary="Restore a soft-deleted contact within the retention period",
    )
    def restore_contact(contact_id: UUID) -> Reply:
        contact = app.restore_contact(context.principal(), contact_id)
        return Reply(_out(contact), etag=contact.version)
