"""contacts over gRPC (crm.contacts.v1.ContactsService): the AccountDirectory port.

Reads (``GetAccount``, for quotes' addresses) go as sales itself (client credentials) when it
has credentials, else with the caller's token; reference checks (``as_caller``) and lead
conversion (``ConvertLead``, a write) always carry the caller's token, so contacts applies
the caller's rights. A channel is
opened lazily per process (after a gunicorn fork) and reused.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import grpc
from google.protobuf.struct_pb2 import Struct

from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.errors import Unavailable
from crm_chassis.fields import Address
from crm_chassis.grpc import call, channel, to_app_error
from crm_chassis.logging import get_logger
from crm_sales.config import Settings
from crm_sales.domain.ports import Account, ContactRef, LeadConversionAnswer, LeadConversionRequest

log = get_logger(__name__)
SERVICE = "crm.contacts.v1.ContactsService"


def _id(value: UUID | None) -> str:
    return str(value) if value else ""


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Mapped values as JSON-like data for a Struct (addresses are already dicts)."""
    return {k: v if isinstance(v, (str, int, dict)) else str(v) for k, v in values.items()}


def _address(msg: Any) -> Address | None:
    return Address.of({k: getattr(msg, k) for k in Address.FIELDS})


class ContactsDirectory:
    def __init__(self, settings: Settings) -> None:
        self.target = settings.contacts_grpc_target
        self.timeout = settings.contacts_timeout_seconds
        self.tokens = (
            ServiceTokenSource(
                settings.identity_token_url, settings.client_id, settings.client_secret
            )
            if settings.client_id and settings.client_secret
            else None
        )
        self._lock = threading.Lock()
        self._stub: Any = None

    def _contacts(self) -> Any:
        from crm.contacts.v1 import contacts_pb2_grpc

        with self._lock:
            if self._stub is None:
                self._stub = contacts_pb2_grpc.ContactsServiceStub(
                    channel(self.target, services=[SERVICE])
                )
            return self._stub

    def _token(self, caller: str | None, as_caller: bool = False) -> str:
        if as_caller and caller:
            return caller
        if self.tokens is not None:
            try:
                return self.tokens.token()
            except Exception as exc:  # noqa: BLE001 - fall back to the caller's token
                log.warning("contacts.service_token_failed", error=str(exc))
        if not caller:
            raise Unavailable("No credentials to ask contacts with.")
        return caller

    def _call(self, method: str, request: Any, token: str | None, as_caller: bool = False) -> Any:
        try:
            return call(
                getattr(self._contacts(), method),
                request,
                token=self._token(token, as_caller),
                timeout=self.timeout,
            )
        except grpc.RpcError as exc:
            raise to_app_error(exc) from None

    def convert_lead(
        self, request: LeadConversionRequest, *, token: str | None
    ) -> LeadConversionAnswer:
        """contacts' ConvertLead, always with the caller's token: contacts applies the
        caller's rights to what it creates and names. A write, so never retried here; it is
        idempotent by lead id, so the caller may retry the whole conversion."""
        from crm.contacts.v1 import contacts_pb2 as pb

        if not token:
            raise Unavailable("No caller token to ask contacts with.")
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
        try:
            reply = call(self._contacts().ConvertLead, message, token=token, timeout=self.timeout)
        except grpc.RpcError as exc:
            raise to_app_error(exc) from None
        return LeadConversionAnswer(
            account_id=UUID(reply.account_id),
            contact_id=UUID(reply.contact_id),
            existing_account=reply.existing_account,
            existing_contact=reply.existing_contact,
        )

    def _get(self, method: str, request: Any, token: str | None, as_caller: bool) -> Any:
        """The reply, or None when contacts says the record does not exist (or is not visible)."""
        try:
            return self._call(method, request, token, as_caller)
        except Exception as exc:
            if getattr(exc, "kind", "") == "not_found":
                return None
            raise

    def get_account(
        self, account_id: UUID, *, token: str | None, as_caller: bool = False
    ) -> Account | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self._get("GetAccount", pb.GetAccountRequest(id=str(account_id)), token, as_caller)
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

    def get_contact(
        self, contact_id: UUID, *, token: str | None, as_caller: bool = False
    ) -> ContactRef | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self._get("GetContact", pb.GetContactRequest(id=str(contact_id)), token, as_caller)
        if reply is None:
            return None
        c = reply.contact
        return ContactRef(id=UUID(c.id), account_id=UUID(c.account_id) if c.account_id else None)
