"""Account routes: parse, call one use case, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_contacts.api.mapping import (
    account_out,
    deletion_request_out,
    fields,
    list_params,
    shown,
)
from crm_contacts.api.schemas import (
    AccountCreate,
    AccountListQuery,
    AccountOut,
    AccountPatch,
    DeleteQuery,
    DeletionRequestOut,
)
from crm_contacts.bootstrap import Contacts

BASE = "/api/contacts/v1/accounts"
REQUESTS = "/api/contacts/v1/deletion-requests"
FILTERS = (
    "owner_id",
    "account_type",
    "industry",
    "email",
    "tag",
    "customer_code",
    "area",
    "phone",
    "web_domain",
    "parent_id",
    "rating",
)


def register(api: Api, app: Contacts) -> None:
    def _out(item: Any, fa: FieldAccess | None = None) -> dict[str, Any]:
        fa = fa or app.access.fields(context.principal(), "accounts")
        return shown(account_out(item), fa)

    @api.route(
        "/accounts",
        "POST",
        body=AccountCreate,
        response=AccountOut,
        status=201,
        permission=("accounts", "create"),
        summary="Create an account",
    )
    def create_account(body: AccountCreate) -> Reply:
        account = app.create_account(context.principal(), fields(body))
        return Reply(
            _out(account), status=201, location=f"{BASE}/{account.id}", etag=account.version
        )

    @api.route(
        "/accounts/<account_id>",
        "GET",
        response=AccountOut,
        permission=("accounts", "view"),
        summary="Get an account",
    )
    def get_account(account_id: UUID) -> Reply:
        account = app.queries.get_account(context.principal(), account_id)
        # A merged-away id resolves to the survivor, which says where it lives now.
        moved = {"Content-Location": f"{BASE}/{account.id}"} if account.id != account_id else {}
        return Reply(_out(account), etag=account.version, headers=moved)

    @api.route(
        "/accounts",
        "GET",
        query=AccountListQuery,
        response=Page[AccountOut],
        permission=("accounts", "view"),
        summary="List accounts (keyset paged; sort name, created_at, updated_at)",
    )
    def list_accounts(query: AccountListQuery) -> Reply:
        principal = context.principal()
        items, cursor = app.queries.list_accounts(principal, list_params(query, FILTERS))
        fa = app.access.fields(principal, "accounts")
        return Reply({"items": [_out(a, fa) for a in items], "next_cursor": cursor})

    @api.route(
        "/accounts/<account_id>",
        "PATCH",
        body=AccountPatch,
        response=AccountOut,
        permission=("accounts", "edit"),
        summary="Change some fields of an account",
    )
    def patch_account(account_id: UUID, body: AccountPatch) -> Reply:
        account = app.update_account(context.principal(), account_id, fields(body), if_match())
        return Reply(_out(account), etag=account.version)

    @api.route(
        "/accounts/<account_id>",
        "DELETE",
        query=DeleteQuery,
        status=204,
        response=DeletionRequestOut,
        permission=("accounts", "delete"),
        summary="Delete (soft; restorable). 202 with a deletion request when other "
        "records refer to it",
    )
    def delete_account(account_id: UUID, query: DeleteQuery) -> Reply:
        request = app.delete_account(context.principal(), account_id, if_match(), query.reason)
        if request is None:
            return Reply(None, status=204)
        return Reply(deletion_request_out(request), status=202, location=f"{REQUESTS}/{request.id}")

    @api.route(
        "/accounts/<account_id>/restore",
        "POST",
        response=AccountOut,
        permission=("accounts", "delete"),
        summary="Restore a soft-deleted account within the retention period",
    )
    def restore_account(account_id: UUID) -> Reply:
        account = app.restore_account(context.principal(), account_id)
        return Reply(_out(account), etag=account.version)
