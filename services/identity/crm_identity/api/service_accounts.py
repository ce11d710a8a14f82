"""Service accounts (administrators only): client-credentials clients of other systems."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service
from crm_identity.api import BASE
from crm_identity.api.schemas import (
    PageQuery,
    ServiceAccountCreate,
    ServiceAccountCreated,
    ServiceAccountOut,
)
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import CreateServiceAccount

bp = Blueprint("service-accounts")


@bp.post(
    "/service-accounts",
    body=ServiceAccountCreate,
    response=ServiceAccountCreated,
    status=201,
    permission=("service-accounts", "create"),
    summary="Create a service account; the answer holds its secret, once",
)
def create_service_account(body: ServiceAccountCreate) -> Reply:
    command = CreateServiceAccount(name=body.name, scopes=tuple(body.scopes))
    account, secret = service(Identity).run(command, caller=context.principal())
    out = ServiceAccountCreated(**ServiceAccountOut.of(account).model_dump(), client_secret=secret)
    return Reply(out, location=f"{BASE}/service-accounts/{account.id}", etag=account.version)


@bp.get(
    "/service-accounts",
    query=PageQuery,
    response=Page[ServiceAccountOut],
    permission=("service-accounts", "view"),
    summary="List service accounts",
)
def list_service_accounts(query: PageQuery) -> Page[ServiceAccountOut]:
    accounts, cursor = service(Identity).queries.list_service_accounts(query.limit, query.cursor)
    items = [ServiceAccountOut.of(a) for a in accounts]
    return Page[ServiceAccountOut](items=items, next_cursor=cursor)


@bp.get(
    "/service-accounts/<account_id>",
    response=ServiceAccountOut,
    permission=("service-accounts", "view"),
    summary="Read a service account",
)
def get_service_account(account_id: UUID) -> Reply:
    account = service(Identity).queries.service_account(account_id)
    return Reply(ServiceAccountOut.of(account), etag=account.version)
