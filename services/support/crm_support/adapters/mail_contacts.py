"""contacts over gRPC for the e-mail channel: the sender of a mail matched to a contact, and
a contact's address for mail to the customer (the MailContacts port).

No user is behind an inbound mail or a queued send, so support asks as itself
(``svc-support``, client credentials) with a token asked for ``contacts.contacts.read`` only: it
can read contacts and nothing of sales, billing or support. The channel is opened lazily
in the worker and reused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import grpc

from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.grpc import RemoteService
from crm_support.config import Settings
from crm_support.domain.mail_ports import MailContact

SERVICE = "crm.contacts.v1.ContactsService"
#: The one scope the e-mail channel's token carries (identity grants only listed scopes).
SCOPE = "contacts.contacts.read"


def _stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


class GrpcMailContacts:
    def __init__(self, settings: Settings) -> None:
        tokens = None
        if settings.client_id and settings.client_secret:
            tokens = ServiceTokenSource(
                settings.identity_token_url,
                settings.client_id,
                settings.client_secret,
                scope=SCOPE,
            )
        self.contacts = RemoteService(
            settings.contacts_grpc_target,
            SERVICE,
            _stub,
            timeout=settings.references_timeout_seconds,
            tokens=tokens,
        )

    def find_by_email(self, email: str) -> MailContact | None:
        """The contact whose primary (else secondary) address is ``email``, exactly."""
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self.contacts.call(
            "SearchContacts",
            pb.SearchContactsRequest(query=email, page_size=50),
            token=self.contacts.own_token(),
        )
        wanted = email.lower()
        for field in ("email", "secondary_email"):
            for contact in reply.contacts:
                if getattr(contact, field).lower() == wanted:
                    return MailContact(
                        id=UUID(contact.id),
                        account_id=UUID(contact.account_id) if contact.account_id else None,
                        email=wanted,
                    )
        return None

    def email_of(self, contact_id: UUID) -> str | None:
        from crm.contacts.v1 import contacts_pb2 as pb

        reply = self.contacts.get(
            "GetContact",
            pb.GetContactRequest(id=str(contact_id)),
            token=self.contacts.own_token(),
        )
        if reply is None:
            return None
        return reply.contact.email or reply.contact.secondary_email or None
