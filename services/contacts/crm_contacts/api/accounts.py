"""Account routes: parse, call one use case or query, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Blueprint, JsonBody, Page, Reply, if_match, json_datetime, service
from crm_contacts.api.deletions import deleted_or_requested
from crm_contacts.api.schemas import (
    AccountCreate,
    AccountListQuery,
    AccountOut,
    AccountPatch,
    DeleteQuery,
    sent,
)
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.accounts import Account, AccountFields
from crm_contacts.domain.commands import (
    CreateAccount,
    DeleteAccount,
    RestoreAccount,
    UpdateAccount,
)
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.service.access import ACCOUNTS

bp = Blueprint("accounts")
BASE = "/api/contacts/v1/accounts"


def account_out(a: Account) -> AccountOut:
    return AccountOut(
        id=a.id,
        name=a.name,
        account_type=a.account_type,
        industry=a.industry,
        website=a.website,
        phone=a.phone,
        email=a.email,
        billing_address=a.billing_address.as_dict() if a.billing_address else None,
        shipping_address=a.shipping_address.as_dict() if a.shipping_address else None,
        # The amount as given: a stated revenue is not rounded to the currency's cents.
        annual_revenue=(
            {"amount": str(a.annual_revenue.amount), "currency": a.annual_revenue.currency}
            if a.annual_revenue
            else None
        ),
        employees=a.employees,
        owner_id=a.owner_id,
        description=a.description,
        tags=list(a.tags),
        customer_code=a.customer_code,
        parent_id=a.parent_id,
        area=a.area,
        fax=a.fax,
        rating=a.rating,
        origin_lead_id=a.origin_lead_id,
        created_at=a.created_at,
        updated_at=a.updated_at,
        version=a.version,
    )


def account_json(a: Account) -> dict[str, Any]:
    """``account_out(a).model_dump(mode="json")``, built straight from the account.

    Our own rows need no validation on the way out: checking them into ``AccountOut`` and
    dumping them again was a tenth of a list page's CPU (py-spy, tests/bench/profile_list.py).
    ``AccountOut`` stays the documented shape; a property test holds the two equal.
    """
    revenue = a.annual_revenue
    return {
        "id": str(a.id),
        "name": a.name,
        "account_type": a.account_type,
        "industry": a.industry,
        "website": a.website,
        "phone": a.phone,
        "email": a.email,
        "billing_address": a.billing_address.as_dict() if a.billing_address else None,
        "shipping_address": a.shipping_address.as_dict() if a.shipping_address else None,
        "annual_revenue": (
            {"amount": str(revenue.amount), "currency": revenue.currency} if revenue else None
        ),
        "employees": a.employees,
        "owner_id": str(a.owner_id),
        "description": a.description,
        "tags": list(a.tags),
        "customer_code": a.customer_code,
        "parent_id": str(a.parent_id) if a.parent_id else None,
        "area": a.area,
        "fax": a.fax,
        "rating": a.rating,
        "origin_lead_id": str(a.origin_lead_id) if a.origin_lead_id else None,
        "created_at": json_datetime(a.created_at),
        "updated_at": json_datetime(a.updated_at),
        "version": a.version,
    }


def account_body(account: Account, fields: FieldAccess | None = None) -> dict[str, Any]:
    """The account as the caller may see it."""
    fields = fields or service(Contacts).access.fields(context.principal(), ACCOUNTS)
    return JsonBody(fields.redact(account_json(account)))


def account_fields(body: AccountCreate | AccountPatch) -> AccountFields:
    """The domain's fields of a request body (what was not sent stays None)."""
    nested = {"billing_address", "shipping_address", "annual_revenue", "tags"}
    return AccountFields(
        **body.model_dump(exclude=nested),
        billing_address=body.billing_address and body.billing_address.to_address(),
        shipping_address=body.shipping_address and body.shipping_address.to_address(),
        annual_revenue=body.annual_revenue and body.annual_revenue.to_money(),
        tags=None if body.tags is None else tuple(body.tags),
    )


@bp.post(
    "/accounts",
    body=AccountCreate,
    response=AccountOut,
    status=201,
    permission=(ACCOUNTS, "create"),
    summary="Create an account",
)
def create_account(body: AccountCreate) -> Reply:
    command = CreateAccount(account_fields(body), sent(body))
    account = service(Contacts).run(command, caller=context.principal())
    return Reply(account_body(account), location=f"{BASE}/{account.id}", etag=account.version)


@bp.get(
    "/accounts/<account_id>",
    response=AccountOut,
    permission=(ACCOUNTS, "view"),
    summary="Get an account",
)
def get_account(account_id: UUID) -> Reply:
    account = service(Contacts).queries.get_account(context.principal(), account_id)
    # A merged-away id resolves to the survivor, which says where it lives now.
    moved = {"Content-Location": f"{BASE}/{account.id}"} if account.id != account_id else {}
    return Reply(account_body(account), etag=account.version, headers=moved)


@bp.get(
    "/accounts",
    query=AccountListQuery,
    response=Page[AccountOut],
    permission=(ACCOUNTS, "view"),
    summary="List accounts (keyset paged; sort name, created_at, updated_at)",
)
def list_accounts(query: AccountListQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    items, cursor = app.queries.list_accounts(caller, query.params())
    fields = app.access.fields(caller, ACCOUNTS)
    return JsonBody(items=[account_body(a, fields) for a in items], next_cursor=cursor)


@bp.patch(
    "/accounts/<account_id>",
    body=AccountPatch,
    response=AccountOut,
    permission=(ACCOUNTS, "edit"),
    summary="Change some fields of an account",
)
def patch_account(account_id: UUID, body: AccountPatch) -> Reply:
    command = UpdateAccount(account_id, account_fields(body), sent(body), if_match())
    account = service(Contacts).run(command, caller=context.principal())
    return Reply(account_body(account), etag=account.version)


@deleted_or_requested(
    bp,
    "/accounts/<account_id>",
    query=DeleteQuery,
    permission=(ACCOUNTS, "delete"),
    summary="Delete (soft; restorable). 202 with a deletion request when other records refer to it",
)
def delete_account(account_id: UUID, query: DeleteQuery) -> DeletionRequest | None:
    command = DeleteAccount(account_id, if_match(), query.reason)
    return service(Contacts).run(command, caller=context.principal())


@bp.post(
    "/accounts/<account_id>/restore",
    response=AccountOut,
    permission=(ACCOUNTS, "delete"),
    summary="Restore a soft-deleted account within the retention period",
)
def restore_account(account_id: UUID) -> Reply:
    account = service(Contacts).run(RestoreAccount(account_id), caller=context.principal())
    return Reply(account_body(account), etag=account.version)
