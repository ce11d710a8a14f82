"""contacts' accounts over gRPC (crm.contacts.v1.ContactsService): the AccountCheck port.

Asked with the caller's token: a contract may be made only for an account the caller can
see in contacts. The channel is opened lazily per process and reused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import grpc

from crm_chassis.grpc import RemoteService
from crm_support.config import Settings

SERVICE = "crm.contacts.v1.ContactsService"


def _stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


class ContactsAccounts:
    def __init__(self, settings: Settings) -> None:
        self.contacts = RemoteService(
            settings.contacts_grpc_target,
            SERVICE,
            _stub,
            timeout=settings.contacts_timeout_seconds,
        )

    def exists(self, account_id: UUID, *, token: str | None) -> bool:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self.contacts.get(
            "GetAccount", pb.GetAccountRequest(id=str(account_id)), token=token
        )
        return reply is not None
