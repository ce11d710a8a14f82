"""contacts' accounts over gRPC (crm.contacts.v1.ContactsService): the AccountDirectory port.

Billing asks with the caller's token (what the caller may see in contacts is what billing
accepts). A channel is opened lazily per process (after a gunicorn fork) and reused.
"""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

import grpc

from crm_billing.config import Settings
from crm_billing.domain.ports import Account
from crm_chassis.errors import NotFound, Unavailable
from crm_chassis.grpc import call, channel, to_app_error

SERVICE = "crm.contacts.v1.ContactsService"


class ContactsDirectory:
    def __init__(self, settings: Settings) -> None:
        self.target = settings.contacts_grpc_target
        self.timeout = settings.contacts_timeout_seconds
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

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        if not token:
            raise Unavailable("No credentials to ask contacts with.")
        try:
            reply = call(
                self._contacts().GetAccount,
                pb.GetAccountRequest(id=str(account_id)),
                token=token,
                timeout=self.timeout,
            )
        except grpc.RpcError as exc:
            error = to_app_error(exc)
            if isinstance(error, NotFound):
                return None
            raise error from None
        return Account(id=UUID(reply.account.id), name=reply.account.name)
