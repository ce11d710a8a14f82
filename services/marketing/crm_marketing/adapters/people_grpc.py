"""contacts and sales over gRPC: the People port (contacts with their account, leads).

Many at once (``BatchGet...``, 500 ids a call) and pages of a segment (``List...`` carrying
the filter, so contacts and sales select in SQL and nothing is fetched one by one). Calls
carry the caller's token, so the other service applies the caller's rights and hides the
fields its profile hides; without one (the send job) marketing asks with its own service
credentials, scoped to the job by identity (``svc-marketing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import grpc

from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.grpc import RemoteService, service_tokens
from crm_marketing.adapters import people_protos as convert
from crm_marketing.config import Settings
from crm_marketing.domain.ports import Person, PersonPage

CONTACTS = "crm.contacts.v1.ContactsService"
SALES = "crm.sales.v1.SalesService"
BATCH = 500


def _contacts_stub(ch: grpc.Channel) -> Any:
    from crm.contacts.v1 import contacts_pb2_grpc

    return contacts_pb2_grpc.ContactsServiceStub(ch)


def _sales_stub(ch: grpc.Channel) -> Any:
    from crm.sales.v1 import sales_pb2_grpc

    return sales_pb2_grpc.SalesServiceStub(ch)


class RemotePeople:
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

    def get_many(self, kind: str, ids: list[UUID], *, token: str | None) -> list[Person]:
        found: list[Person] = []
        for start in range(0, len(ids), BATCH):
            chunk = [str(i) for i in ids[start : start + BATCH]]
            if kind == "contact":
                found += self._contacts(chunk, token)
            elif kind == "lead":
                found += self._leads(chunk, token)
            else:
                raise ValueError(kind)
        return found

    def page(
        self,
        kind: str,
        criteria: Mapping[str, Any],
        *,
        token: str | None,
        page_token: str | None,
        page_size: int,
    ) -> PersonPage:
        if kind == "contact":
            from crm.contacts.v1 import contacts_pb2 as cpb

            request = cpb.ListContactsRequest(**convert.contact_criteria(criteria))
            request.page_size, request.page_token = page_size, page_token or ""
            reply = self._call(self.contacts, "ListContacts", request, token)
            people = self._with_accounts(list(reply.contacts), token)
        else:
            from crm.sales.v1 import sales_pb2 as spb

            request = spb.ListLeadsRequest(**convert.lead_criteria(criteria))
            request.page_size, request.page_token = page_size, page_token or ""
            reply = self._call(self.sales, "ListLeads", request, token)
            people = [convert.lead_person(m) for m in reply.leads]
        return PersonPage(people, reply.next_page_token or None)

    def _contacts(self, ids: list[str], token: str | None) -> list[Person]:
        from crm.contacts.v1 import contacts_pb2 as cpb

        request = cpb.BatchGetContactsRequest(ids=ids)
        reply = self._call(self.contacts, "BatchGetContacts", request, token)
        return self._with_accounts(list(reply.contacts), token)

    def _with_accounts(self, contacts: list[Any], token: str | None) -> list[Person]:
        from crm.contacts.v1 import contacts_pb2 as cpb

        account_ids = sorted({c.account_id for c in contacts if c.account_id})
        accounts: dict[str, Any] = {}
        if account_ids:
            request = cpb.BatchGetAccountsRequest(ids=account_ids)
            reply = self._call(self.contacts, "BatchGetAccounts", request, token)
            accounts = {a.id: a for a in reply.accounts}
        return [convert.contact_person(c, accounts.get(c.account_id)) for c in contacts]

    def _leads(self, ids: list[str], token: str | None) -> list[Person]:
        from crm.sales.v1 import sales_pb2 as spb

        reply = self._call(self.sales, "BatchGetLeads", spb.BatchGetLeadsRequest(ids=ids), token)
        return [convert.lead_person(m) for m in reply.leads]

    @staticmethod
    def _call(remote: RemoteService, method: str, request: Any, token: str | None) -> Any:
        try:
            return remote.call(method, request, token=token or remote.own_token())
        except BadRequest as exc:
            # The other service refused a filter value: say which, as marketing's own 422.
            raise BadRequest(
                f"{remote.service} refused the request: {exc.detail}",
                errors=exc.errors or [FieldError("filter", exc.detail)],
            ) from exc
