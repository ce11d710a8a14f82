"""Account routes: parse, call one use case, map the result."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_contacts.api.mapping import account_out, fields, list_params
from crm_contacts.api.schemas import AccountCreate, AccountListQuery, AccountOut, AccountPatch
from crm_contacts.bootstrap import Contacts

BASE = "/api/contacts/v1/accounts"
FILTERS = ("owner_id", "account_type", "industry", "email", "tag")


def register(api: Api, app: Contacts) -> None:
    @api.route("/accounts", "POST", body=AccountCreate, response=AccountOut, status=201,
               permission=("accounts", "create"), summary="Create an account")
    def create_account(body: AccountCreate) -> Reply:
        account = app.create_account(context.principal(), fields(body))
        return Reply(account_out(account), status=201, location=f"{BASE}/{account.id}",
                     etag=account.version)

    @api.route("/accounts/<account_id>", "GET", response=AccountOut,
               permission=("accounts", "view"), summary="Get an account")
    def get_account(account_id: UUID) -> Reply:
        account = app.queries.get_account(context.principal(), account_id)
        return Reply(account_out(account), etag=account.version)

    @api.route("/accounts", "GET", query=AccountListQuery, response=Page[AccountOut],
               permission=("accounts", "view"),
               summary="List accounts (keyset paged; sort name, created_at, updated_at)")
    def list_accounts(query: AccountListQuery) -> Reply:
        items, cursor = app.queries.list_accounts(context.principal(), list_params(query, FILTERS))
        return Reply(Page[AccountOut](items=[account_out(a) for a in items], next_cursor=cursor))

    @api.route("/accounts/<account_id>", "PATCH", body=AccountPatch, response=AccountOut,
               permission=("accounts", "edit"), summary="Change some fields of an account")
    def patch_account(account_id: UUID, body: AccountPatch) -> Reply:
        account = app.update_account(context.principal(), account_id, fields(body), if_match())
        return Reply(account_out(account), etag=account.version)

    @api.route("/accounts/<account_id>", "DELETE", status=204,
               permission=("accounts", "delete"), summary="Delete an account without contacts")
    def delete_account(account_id: UUID) -> Reply:
        app.delete_account(context.principal(), account_id, if_match())
        return Reply(None, status=204)
