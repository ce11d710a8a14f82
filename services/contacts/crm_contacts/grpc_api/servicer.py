"""ContactsService: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors; its interceptor maps them to status codes.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc
from google.protobuf import json_format

from crm.contacts.v1 import contacts_pb2 as pb
from crm.contacts.v1 import contacts_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.grpc.convert import (
    in_request_order,
    next_page_token,
    optional_datetime,
    optional_uuid,
    page_size,
    page_token,
    parse_ids,
    parse_uuid,
    redact,
)
from crm_contacts.adapters import protos
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import ConvertLead as ConvertLeadCommand
from crm_contacts.grpc_api import account_messages
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.queries import MAX_BATCH, ListParams

SERVICE_NAME = "crm.contacts.v1.ContactsService"
LIST_DEFAULT, LIST_MAX = 50, 500
SEARCH_DEFAULT, SEARCH_MAX, SEARCH_MIN_CHARS = 20, 100, 2


def _query(text: str) -> str:
    if len(text.strip()) < SEARCH_MIN_CHARS:
        raise BadRequest(
            "The query needs at least 2 characters.",
            errors=[FieldError("query", "at least 2 characters")],
        )
    return text


# A segment filter names at most this many values per field (marketing checks the same).
MAX_FILTER_VALUES = 50


def _segment_filters(request: Any) -> dict[str, Any]:
    """ListContacts' segment filters (marketing): lists of values, a creation bound."""
    found: dict[str, Any] = {}
    for name in ("tags", "account_types", "industries", "areas", "lead_sources"):
        values = [v for v in getattr(request, name) if v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise BadRequest(
                f"At most {MAX_FILTER_VALUES} values per filter.",
                errors=[FieldError(name, f"at most {MAX_FILTER_VALUES} values")],
            )
        if values:
            found[name] = values
    created = optional_datetime(request, "created_since")
    if created is not None:
        found["created_since"] = created
    return found


class ContactsServicer(pb_grpc.ContactsServiceServicer):
    def __init__(self, service: Contacts) -> None:
        self.queries = service.queries
        self.access = service.access
        self.run = service.run

    def _accounts(self, items: Sequence[Any]) -> list[Any]:
        messages = [protos.account(a) for a in items]
        redact(messages, self.access.fields(context.principal(), ACCOUNTS).hidden)
        return messages

    def _contacts(self, items: Sequence[Any]) -> list[Any]:
        messages = [protos.contact(c) for c in items]
        redact(messages, self.access.fields(context.principal(), CONTACTS).hidden)
        return messages

    def GetAccount(self, request: pb.GetAccountRequest, ctx: grpc.ServicerContext) -> Any:
        account = self.queries.get_account(context.principal(), parse_uuid("id", request.id))
        return pb.GetAccountResponse(account=self._accounts([account])[0])

    def BatchGetAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids, principal = parse_ids(request.ids, MAX_BATCH), context.principal()
        # Rows straight to messages (account_messages): no domain object per row.
        rows, missing = in_request_order(
            ids, self.queries.batch_account_rows(principal, ids, account_messages.COLUMNS)
        )
        found = [account_messages.account_message(r) for r in rows]
        redact(found, self.access.fields(principal, ACCOUNTS).hidden)
        return pb.BatchGetAccountsResponse(accounts=found, missing_ids=missing)

    def ListAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="updated_at",
            updated_since=optional_datetime(request, "updated_since"),
            filters={"owner_id": optional_uuid("owner_id", request.owner_id)},
        )
        items, token = self.queries.list_accounts(context.principal(), params)
        return pb.ListAccountsResponse(
            accounts=self._accounts(items), next_page_token=next_page_token(token)
        )

    def SearchAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, SEARCH_DEFAULT, SEARCH_MAX),
            cursor=page_token(request),
            q=_query(request.query),
        )
        items, token = self.queries.list_accounts(context.principal(), params)
        return pb.SearchAccountsResponse(
            accounts=self._accounts(items), next_page_token=next_page_token(token)
        )

    def GetContact(self, request: pb.GetContactRequest, ctx: grpc.ServicerContext) -> Any:
        contact = self.queries.get_contact(context.principal(), parse_uuid("id", request.id))
        return pb.GetContactResponse(contact=self._contacts([contact])[0])

    def BatchGetContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids = parse_ids(request.ids, MAX_BATCH)
        found, missing = in_request_order(
            ids, self.queries.batch_get_contacts(context.principal(), ids)
        )
        return pb.BatchGetContactsResponse(contacts=self._contacts(found), missing_ids=missing)

    def ListContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="updated_at",
            updated_since=optional_datetime(request, "updated_since"),
            filters={
                "owner_id": optional_uuid("owner_id", request.owner_id),
                "account_id": optional_uuid("account_id", request.account_id),
                **_segment_filters(request),
            },
        )
        items, token = self.queries.list_contacts(context.principal(), params)
        return pb.ListContactsResponse(
            contacts=self._contacts(items), next_page_token=next_page_token(token)
        )

    def SearchContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, SEARCH_DEFAULT, SEARCH_MAX),
            cursor=page_token(request),
            q=_query(request.query),
        )
        items, token = self.queries.list_contacts(context.principal(), params)
        return pb.SearchContactsResponse(
            contacts=self._contacts(items), next_page_token=next_page_token(token)
        )

    def ConvertLead(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        cmd = ConvertLeadCommand(
            lead_id=parse_uuid("lead_id", request.lead_id),
            owner_id=parse_uuid("owner_id", request.owner_id),
            account=json_format.MessageToDict(request.account),
            contact=json_format.MessageToDict(request.contact),
            website=request.website or None,
            email=request.email or None,
            tags=tuple(request.tags),
            account_id=optional_uuid("account_id", request.account_id),
            create_new_account=request.create_new_account,
            contact_id=optional_uuid("contact_id", request.contact_id),
            create_new_contact=request.create_new_contact,
            duplicate_contact_id=optional_uuid(
                "duplicate_contact_id", request.duplicate_contact_id
            ),
        )
        result = self.run(cmd, caller=context.principal())
        return pb.ConvertLeadResponse(
            lead_id=str(result.lead_id),
            account_id=str(result.account_id),
            contact_id=str(result.contact_id),
            existing_account=result.existing_account,
            existing_contact=result.existing_contact,
        )


def register(service: Contacts) -> Any:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        pb_grpc.add_ContactsServiceServicer_to_server(ContactsServicer(service), server)
        return [SERVICE_NAME]

    return add
