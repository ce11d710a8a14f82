"""contacts over gRPC (crm.contacts.v1.ContactsService): the AccountDirectory port.

Every call carries the caller's token, so contacts applies the caller's rights: reference
checks and quotes' addresses (``GetAccount``, ``GetContact``) find only what the caller may
see, and lead conversion (``ConvertLead``, a write, never retried) creates as the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import grpc
from google.protobuf.struct_pb2 import Struct

from crm_chassis.fields import Address
from crm_chassis.grpc import RemoteService
from crm_sales.config import Settings
from crm_sales.domain.ports import Account, ContactRef, LeadConversionAnswer, LeadConversionRequest

SERVICE = "crm.contacts.v1.ContactsService"


def _id(value: UUID | None) -> str:
    return str(value) if value else ""


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Mapped values as JSON-like data for a Struct (addresses are already dicts)."""
    return {k: v if isinstance(v, (str, int, dict)) else str(v) for k, v in values.items()}


def _address(msg: Any) -> Address | None:
    return Address.of({k: getattr(msg, k) for k in Address.FIELDS})


def _stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


class ContactsDirectory:
    def __init__(self, settings: Settings) -> None:
        self.contacts = RemoteService(
            settings.contacts_grpc_target,
            SERVICE,
            _stub,
            timeout=settings.contacts_timeout_seconds,
        )

    def convert_lead(
        self, request: LeadConversionRequest, *, token: str | None
    ) -> LeadConversionAnswer:
        """contacts' ConvertLead, always with the caller's token: contacts applies the
        caller's rights to what it creates and names. A write, so never retried here; it is
        idempotent by lead id, so the caller may retry the whole conversion."""
        from crm.contacts.v1 import contacts_pb2 as pb

        account, contact = Struct(), Struct()
        account.update(_plain(request.account))
        contact.update(_plain(request.contact))
        message = pb.ConvertLeadRequest(
            lead_id=str(request.lead_id),
            owner_id=str(request.owner_id),
            account=account,
            contact=contact,
            website=request.website or "",
            email=request.email or "",
            tags=list(request.tags),
            account_id=_id(request.account_id),
            create_new_account=request.create_new_account,
            contact_id=_id(request.contact_id),
            create_new_contact=request.create_new_contact,
            duplicate_contact_id=_id(request.duplicate_contact_id),
        )
        reply = self.contacts.call("ConvertLead", message, token=token)
        return LeadConversionAnswer(
            account_id=UUID(reply.account_id),
            contact_id=UUID(reply.contact_id),
            existing_account=reply.existing_account,
            existing_contact=reply.existing_contact,
        )

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self.contacts.get(
            "GetAccount", pb.GetAccountRequest(id=str(account_id)), token=token
        )
        if reply is None:
            return None
        a = reply.account
        return Account(
            id=UUID(a.id),
            name=a.name,
            billing_address=_address(a.billing_address) if a.HasField("billing_address") else None,
            shipping_address=_address(a.shipping_address)
            if a.HasField("shipping_address")
            else None,
        )

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self.contacts.get(
            "GetContact", pb.GetContactRequest(id=str(contact_id)), token=token
        )
        if reply is None:
            return None
        c = reply.contact
        return ContactRef(id=UUID(c.id), account_id=UUID(c.account_id) if c.account_id else None)
