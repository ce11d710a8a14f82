"""contacts and sales over gRPC: the MemberDirectory port (who campaign members are).

Every call carries the caller's token, so the other service applies the caller's rights: a
lead or contact the caller may not see is answered like one that does not exist. Without a
token (work on no user's behalf) the service asks with its own client credentials. An
unreachable service is a 503 (``Unavailable``) before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import grpc

from crm_chassis.grpc import RemoteService, service_tokens
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_members import MemberRef

CONTACTS = "crm.contacts.v1.ContactsService"
SALES = "crm.sales.v1.SalesService"
#: contacts' BatchGetContacts takes at most this many ids per call.
BATCH = 500


def _contacts_stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


def _sales_stub(ch: grpc.Channel) -> Any:
    from crm.sales.v1 import sales_pb2_grpc

    return sales_pb2_grpc.SalesServiceStub(ch)


def contact_name(contact: Any) -> str:
    return " ".join(p for p in (contact.first_name, contact.last_name) if p)


class RemoteMembers:
    def __init__(self, settings: Settings) -> None:
        tokens = service_tokens(
            settings.identity_token_url, settings.client_id, settings.client_secret
        )
        timeout = settings.references_timeout_seconds
        self.contacts = RemoteService(
            settings.contacts_grpc_target, CONTACTS, _contacts_stub, timeout=timeout, tokens=tokens
        )
        self.sales = RemoteService(
            settings.sales_grpc_target, SALES, _sales_stub, timeout=timeout, tokens=tokens
        )

    def names(self, refs: Collection[MemberRef], *, token: str | None) -> Mapping[MemberRef, str]:
        found: dict[MemberRef, str] = {}
        contacts = [r for r in refs if r.member_type == "contact"]
        leads = [r for r in refs if r.member_type == "lead"]
        if contacts:
            found.update(self._contacts(contacts, token or self.contacts.own_token()))
        if leads:
            found.update(self._leads(leads, token or self.sales.own_token()))
        return found

    def _contacts(self, refs: list[MemberRef], token: str) -> dict[MemberRef, str]:
        from crm.contacts.v1 import contacts_pb2 as pb

        by_id = {str(r.member_id): r for r in refs}
        found: dict[MemberRef, str] = {}
        ids = list(by_id)
        for start in range(0, len(ids), BATCH):
            request = pb.BatchGetContactsRequest(ids=ids[start : start + BATCH])
            reply = self.contacts.call("BatchGetContacts", request, token=token)
            for contact in reply.contacts:
                if contact.id in by_id:
                    found[by_id[contact.id]] = contact_name(contact)
        return found

    def _leads(self, refs: list[MemberRef], token: str) -> dict[MemberRef, str]:
        from crm.sales.v1 import sales_pb2 as pb

        found: dict[MemberRef, str] = {}
        # Sales answers leads one at a time (GetLead); the channel is reused, so a batch of
        # a few hundred is a few hundred short calls on one connection.
        for ref in refs:
            reply = self.sales.get("GetLead", pb.GetLeadRequest(id=str(ref.member_id)), token=token)
            if reply is not None:
                found[ref] = reply.name
        return found
