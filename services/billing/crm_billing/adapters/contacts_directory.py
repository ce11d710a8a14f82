"""contacts' accounts over gRPC (crm.contacts.v1.ContactsService): the AccountDirectory port.

Billing asks with the caller's token (what a user may see in contacts is what billing
accepts). A service account calling billing (an ERP recording payments) may hold no
contacts scope: for it billing asks as itself (``svc-billing``, client credentials) when it
has credentials. A channel is opened lazily per process (after a gunicorn fork) and reused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import grpc

from crm_billing.config import Settings
from crm_billing.domain.ports import Account
from crm_chassis.grpc import RemoteService, service_tokens

SERVICE = "crm.contacts.v1.ContactsService"


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
            tokens=service_tokens(
                settings.identity_token_url, settings.client_id, settings.client_secret
            ),
        )

    def get_account(
        self, account_id: UUID, *, token: str | None, as_service: bool = False
    ) -> Account | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        if as_service and self.contacts.tokens is not None:
            token = self.contacts.own_token()
        reply = self.contacts.get(
            "GetAccount", pb.GetAccountRequest(id=str(account_id)), token=token
        )
        if reply is None:
            return None
        return Account(id=UUID(reply.account.id), name=reply.account.name)
