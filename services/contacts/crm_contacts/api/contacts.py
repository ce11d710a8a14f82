"""Contact routes: parse, call one use case or query, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_contacts.api.deletions import deleted_or_requested
from crm_contacts.api.schemas import (
    ContactCreate,
    ContactListQuery,
    ContactOut,
    ContactPatch,
    DeleteQuery,
    redacted,
    sent,
)
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import (
    CreateContact,
    DeleteContact,
    RestoreContact,
    UpdateContact,
)
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.service.access import CONTACTS

bp = Blueprint("contacts")
BASE = "/api/contacts/v1/contacts"


def contact_out(c: Contact) -> ContactOut:
    return ContactOut(
        id=c.id,
        account_id=c.account_id,
        salutation=c.salutation,
        first_name=c.first_name,
        last_name=c.last_name,
        title=c.title,
        department=c.department,
        email=c.email,
        phone=c.phone,
        mobile=c.mobile,
        mailing_address=c.mailing_address.as_dict() if c.mailing_address else None,
        lead_source=c.lead_source,
        do_not_call=c.do_not_call,
        email_opt_out=c.email_opt_out,
        do_not_contact=c.do_not_contact,
        owner_id=c.owner_id,
        description=c.description,
        tags=list(c.tags),
        reports_to_id=c.reports_to_id,
        secondary_email=c.secondary_email,
        other_phone=c.other_phone,
        fax=c.fax,
        birthday=c.birthday,
        portal_access=c.portal_access,
        origin_lead_id=c.origin_lead_id,
        created_at=c.created_at,
        updated_at=c.updated_at,
        version=c.version,
    )


def contact_body(contact: Contact, fields: FieldAccess | None = None) -> dict[str, Any]:
    """The contact as the caller may see it."""
    fields = fields or service(Contacts).access.fields(context.principal(), CONTACTS)
    return redacted(contact_out(contact), fields)


def contact_fields(body: ContactCreate | ContactPatch) -> ContactFields:
    """The domain's fields of a request body (what was not sent stays None)."""
    return ContactFields(
        **body.model_dump(exclude={"mailing_address", "tags"}),
        mailing_address=body.mailing_address and body.mailing_address.to_address(),
        tags=None if body.tags is None else tuple(body.tags),
    )


@bp.post(
    "/contacts",
    body=ContactCreate,
    response=ContactOut,
    status=201,
    permission=(CONTACTS, "create"),
    summary="Create a contact",
)
def create_contact(body: ContactCreate) -> Reply:
    command = CreateContact(contact_fields(body), sent(body))
    contact = service(Contacts).run(command, caller=context.principal())
    return Reply(contact_body(contact), location=f"{BASE}/{contact.id}", etag=contact.version)


@bp.get(
    "/contacts/<contact_id>",
    response=ContactOut,
    permission=(CONTACTS, "view"),
    summary="Get a contact",
)
def get_contact(contact_id: UUID) -> Reply:
    contact = service(Contacts).queries.get_contact(context.principal(), contact_id)
    # A merged-away id resolves to the survivor, which says where it lives now.
    moved = {"Content-Location": f"{BASE}/{contact.id}"} if contact.id != contact_id else {}
    return Reply(contact_body(contact), etag=contact.version, headers=moved)


@bp.get(
    "/contacts",
    query=ContactListQuery,
    response=Page[ContactOut],
    permission=(CONTACTS, "view"),
    summary="List contacts (keyset paged; sort name, created_at, updated_at)",
)
def list_contacts(query: ContactListQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    items, cursor = app.queries.list_contacts(caller, query.params())
    fields = app.access.fields(caller, CONTACTS)
    return {"items": [contact_body(c, fields) for c in items], "next_cursor": cursor}


@bp.patch(
    "/contacts/<contact_id>",
    body=ContactPatch,
    response=ContactOut,
    permission=(CONTACTS, "edit"),
    summary="Change some fields of a contact",
)
def patch_contact(contact_id: UUID, body: ContactPatch) -> Reply:
    command = UpdateContact(contact_id, contact_fields(body), sent(body), if_match())
    contact = service(Contacts).run(command, caller=context.principal())
    return Reply(contact_body(contact), etag=contact.version)


@deleted_or_requested(
    bp,
    "/contacts/<contact_id>",
    query=DeleteQuery,
    permission=(CONTACTS, "delete"),
    summary="Delete (soft; restorable). 202 with a deletion request when other records refer to it",
)
def delete_contact(contact_id: UUID, query: DeleteQuery) -> DeletionRequest | None:
    command = DeleteContact(contact_id, if_match(), query.reason)
    return service(Contacts).run(command, caller=context.principal())


@bp.post(
    "/contacts/<contact_id>/restore",
    response=ContactOut,
    permission=(CONTACTS, "delete"),
    summary="Restore a soft-deleted contact within the retention period",
)
def restore_contact(contact_id: UUID) -> Reply:
    contact = service(Contacts).run(RestoreContact(contact_id), caller=context.principal())
    return Reply(contact_body(contact), etag=contact.version)
