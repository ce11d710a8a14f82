"""contacts' accounts over gRPC (crm.contacts.v1.ContactsService): the AccountDirectory port.

Billing always asks with the caller's token, a user's or a service account's: what the
caller may read in contacts is what billing accepts and prints, so billing is never a
deputy that shows a caller an account they could not read themselves. A service account
that records invoices or payments needs contacts' ``contacts.accounts.read`` scope; without
it every account is unknown to it. A channel is opened lazily per process (after a
gunicorn fork) and reused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import grpc

from crm_billing.config import Settings
from crm_billing.domain.ports import Account
from crm_chassis.errors import Forbidden
from crm_chassis.grpc import RemoteService

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
        )

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        try:
            reply = self.contacts.get(
                "GetAccount", pb.GetAccountRequest(id=str(account_id)), token=token
            )
        except Forbidden:
            # No right to read accounts at all: for this caller no account exists, the
            # same answer as for an id nobody has (nothing to tell the two apart).
            return None
        if reply is None:
            return None
        return Account(id=UUID(reply.account.id), name=reply.account.name)
