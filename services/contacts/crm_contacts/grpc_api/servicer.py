"""ContactsService: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors; its interceptor maps them to status codes.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import grpc

from crm.contacts.v1 import contacts_pb2 as pb
from crm.contacts.v1 import contacts_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.access import FieldAccess
from crm_chassis.errors import BadRequest, FieldError
from crm_contacts.adapters import protos
from crm_contacts.bootstrap import Contacts
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.queries import MAX_BATCH, ListParams

SERVICE_NAME = "crm.contacts.v1.ContactsService"
LIST_DEFAULT, LIST_MAX = 50, 500
SEARCH_DEFAULT, SEARCH_MAX, SEARCH_MIN_CHARS = 20, 100, 2


def _uuid(field: str, value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise BadRequest(
            f"'{value}' is not a valid id.", errors=[FieldError(field, "must be a UUID")]
        ) from None


def _optional_uuid(field: str, value: str) -> UUID | None:
    return _uuid(field, value) if value else None


def _ids(values: Sequence[str]) -> list[UUID]:
    if len(values) > MAX_BATCH:
        raise BadRequest(
            f"At most {MAX_BATCH} ids per call.", errors=[FieldError("ids", f"at most {MAX_BATCH}")]
        )
    return [_uuid("ids", v) for v in values]


def _size(value: int, default: int, maximum: int) -> int:
    if value == 0:
        return default
    if not 1 <= value <= maximum:
        raise BadRequest(
            f"page_size must be 1..{maximum}.",
            errors=[FieldError("page_size", f"must be between 1 and {maximum}")],
        )
    return value


def _since(request: Any) -> datetime | None:
    if not request.HasField("updated_since"):
        return None
    return request.updated_since.ToDatetime(tzinfo=UTC)


def _query(text: str) -> str:
    if len(text.strip()) < SEARCH_MIN_CHARS:
        raise BadRequest(
            "The query needs at least 2 characters.",
            errors=[FieldError("query", "at least 2 characters")],
        )
    return text


def _missing(requested: list[UUID], found: list[Any]) -> list[str]:
    have = {item.id for item in found}
    return list(dict.fromkeys(str(i) for i in requested if i not in have))


def _redact(messages: Sequence[Any], access: FieldAccess) -> None:
    """Clear the fields the caller may not see (field access), in place."""
    hidden = access.hidden
    if not hidden:
        return
    for msg in messages:
        for name in hidden:
            if name in msg.DESCRIPTOR.fields_by_name:
                msg.ClearField(name)


class ContactsServicer(pb_grpc.ContactsServiceServicer):
    def __init__(self, service: Contacts) -> None:
        self.queries = service.queries
        self.access = service.access

    def _accounts(self, items: Sequence[Any]) -> list[Any]:
        messages = [protos.account(a) for a in items]
        _redact(messages, self.access.fields(context.principal(), ACCOUNTS))
        return messages

    def _contacts(self, items: Sequence[Any]) -> list[Any]:
        messages = [protos.contact(c) for c in items]
        _redact(messages, self.access.fields(context.principal(), CONTACTS))
        return messages

    def GetAccount(self, request: pb.GetAccountRequest, ctx: grpc.ServicerContext) -> Any:
        account = self.queries.get_account(context.principal(), _uuid("id", request.id))
        return pb.GetAccountResponse(account=self._accounts([account])[0])

    def BatchGetAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids = _ids(request.ids)
        found = self.queries.batch_get_accounts(context.principal(), ids)
        order = {i: n for n, i in enumerate(ids)}
        found.sort(key=lambda a: order[a.id])
        return pb.BatchGetAccountsResponse(
            accounts=self._accounts(found), missing_ids=_missing(ids, found)
        )

    def ListAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=request.page_token or None,
            sort="updated_at",
            updated_since=_since(request),
            filters={"owner_id": _optional_uuid("owner_id", request.owner_id)},
        )
        items, token = self.queries.list_accounts(context.principal(), params)
        return pb.ListAccountsResponse(accounts=self._accounts(items), next_page_token=token or "")

    def SearchAccounts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=_size(request.page_size, SEARCH_DEFAULT, SEARCH_MAX),
            cursor=request.page_token or None,
            q=_query(request.query),
        )
        items, token = self.queries.list_accounts(context.principal(), params)
        return pb.SearchAccountsResponse(
            accounts=self._accounts(items), next_page_token=token or ""
        )

    def GetContact(self, request: pb.GetContactRequest, ctx: grpc.ServicerContext) -> Any:
        contact = self.queries.get_contact(context.principal(), _uuid("id", request.id))
        return pb.GetContactResponse(contact=self._contacts([contact])[0])

    def BatchGetContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids = _ids(request.ids)
        found = self.queries.batch_get_contacts(context.principal(), ids)
        order = {i: n for n, i in enumerate(ids)}
        found.sort(key=lambda c: order[c.id])
        return pb.BatchGetContactsResponse(
            contacts=self._contacts(found), missing_ids=_missing(ids, found)
        )

    def ListContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=request.page_token or None,
            sort="updated_at",
            updated_since=_since(request),
            filters={
                "owner_id": _optional_uuid("owner_id", request.owner_id),
                "account_id": _optional_uuid("account_id", request.account_id),
            },
        )
        items, token = self.queries.list_contacts(context.principal(), params)
        return pb.ListContactsResponse(contacts=self._contacts(items), next_page_token=token or "")

    def SearchContacts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=_size(request.page_size, SEARCH_DEFAULT, SEARCH_MAX),
            cursor=request.page_token or None,
            q=_query(request.query),
        )
        items, token = self.queries.list_contacts(context.principal(), params)
        return pb.SearchContactsResponse(
            contacts=self._contacts(items), next_page_token=token or ""
        )


def register(service: Contacts) -> Any:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        pb_grpc.add_ContactsServiceServicer_to_server(ContactsServicer(service), server)
        return [SERVICE_NAME]

    return add
