"""contacts and sales over gRPC: the References port (accounts, contacts, products).

Every call carries the caller's token, so the other service applies the caller's rights (a
ticket may name only the accounts, contacts and products its author may see). Without one
(portal and e-mail tickets) the service asks with its own client credentials. An
unreachable service answers 503 (``Unavailable``) before anything is written.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import grpc

from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.grpc import RemoteService
from crm_support.config import Settings
from crm_support.domain.ports import ContactRef

CONTACTS = "crm.contacts.v1.ContactsService"
SALES = "crm.sales.v1.SalesService"
#: What support's own token asks each service for (a portal or e-mail ticket's contact, a
#: portal ticket's product): one scope each, so the job can read nothing else there.
CONTACTS_SCOPE, SALES_SCOPE = "contacts.contacts.read", "sales.products.read"


def _contacts_stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


def _sales_stub(ch: grpc.Channel) -> Any:
    from crm.sales.v1 import sales_pb2_grpc

    return sales_pb2_grpc.SalesServiceStub(ch)


def _own_tokens(settings: Settings, scope: str) -> ServiceTokenSource | None:
    """svc-support's token asked for ``scope`` alone (None without credentials)."""
    if not (settings.client_id and settings.client_secret):
        return None
    return ServiceTokenSource(
        settings.identity_token_url, settings.client_id, settings.client_secret, scope=scope
    )


class RemoteReferences:
    def __init__(self, settings: Settings) -> None:
        timeout = settings.references_timeout_seconds
        self.contacts = RemoteService(
            settings.contacts_grpc_target,
            CONTACTS,
            _contacts_stub,
            timeout=timeout,
            tokens=_own_tokens(settings, CONTACTS_SCOPE),
        )
        self.sales = RemoteService(
            settings.sales_grpc_target,
            SALES,
            _sales_stub,
            timeout=timeout,
            tokens=_own_tokens(settings, SALES_SCOPE),
        )

    @staticmethod
    def _token(remote: RemoteService, token: str | None) -> str:
        return token or remote.own_token()

    def account_exists(self, account_id: UUID, *, token: str | None) -> bool:
        from crm.contacts.v1 import contacts_pb2 as pb

        request = pb.GetAccountRequest(id=str(account_id))
        token = self._token(self.contacts, token)
        return self.contacts.get("GetAccount", request, token=token) is not None

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        request = pb.GetContactRequest(id=str(contact_id))
        reply = self.contacts.get("GetContact", request, token=self._token(self.contacts, token))
        if reply is None:
            return None
        c = reply.contact
        return ContactRef(id=UUID(c.id), account_id=UUID(c.account_id) if c.account_id else None)

    def product_exists(self, product_id: UUID, *, token: str | None) -> bool:
        from crm.sales.v1 import sales_pb2 as pb

        request = pb.GetProductRequest(id=str(product_id))
        return (
            self.sales.get("GetProduct", request, token=self._token(self.sales, token)) is not None
        )
