"""Admin REST routes for service accounts (client-credentials clients)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from crm_chassis.http import Api, Page, Reply
from crm_identity.api.schemas import (
    PageQuery,
    ServiceAccountCreate,
    ServiceAccountCreated,
    ServiceAccountOut,
)

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity


def register(api: Api, app: Identity) -> None:
    base = api.base

    @api.route(
        "/service-accounts",
        "POST",
        body=ServiceAccountCreate,
        response=ServiceAccountCreated,
        status=201,
        permission=("service-accounts", "create"),
        summary="Create a service account; the answer holds its secret, once",
    )
    def create_service_account(body: ServiceAccountCreate) -> Reply:
        account, secret = app.service_accounts.create(name=body.name, scopes=body.scopes)
        out = ServiceAccountCreated(
            **ServiceAccountOut.of(account).model_dump(), client_secret=secret
        )
        return Reply(
            out, status=201, location=f"{base}/service-accounts/{account.id}", etag=account.version
        )

    @api.route(
        "/service-accounts",
        "GET",
        query=PageQuery,
        response=Page[ServiceAccountOut],
        permission=("service-accounts", "view"),
        summary="List service accounts",
    )
    def list_service_accounts(query: PageQuery) -> Reply:
        accounts, cursor = app.queries.list_service_accounts(query.limit, query.cursor)
        return Reply(
            Page[ServiceAccountOut](
                items=[ServiceAccountOut.of(a) for a in accounts], next_cursor=cursor
            )
        )

    @api.route(
        "/service-accounts/<account_id>",
        "GET",
        response=ServiceAccountOut,
        permission=("service-accounts", "view"),
        summary="Read a service account",
    )
    def get_service_account(account_id: UUID) -> Reply:
        account = app.service_accounts.get(account_id)
        return Reply(ServiceAccountOut.of(account), etag=account.version)
