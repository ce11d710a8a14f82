"""Service contract routes: create, read (with usage), list, change, cancel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_chassis.pagination import ListParams
from crm_support.api.contract_schemas import (
    ContractCreate,
    ContractListQuery,
    ContractOut,
    ContractPatch,
)
from crm_support.bootstrap import Support
from crm_support.domain.contract_commands import CancelContract, CreateContract, UpdateContract
from crm_support.domain.contracts import ContractFields
from crm_support.service.access import SERVICE_CONTRACTS
from crm_support.service.contract_queries import FILTERS, ContractView

BASE = "/api/support/v1/service-contracts"
VIEW = (SERVICE_CONTRACTS, "view")
EDIT = (SERVICE_CONTRACTS, "edit")

bp = Blueprint("service_contracts", tag="service contracts")


def _units(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def contract_out(view: ContractView) -> dict[str, Any]:
    c = view.contract
    body = {
        name: getattr(c, name)
        for name in (
            "id",
            "number",
            "account_id",
            "owner_id",
            "subject",
            "contract_type",
            "start_date",
            "end_date",
            "sla_policy_id",
            "tracking_unit",
            "review_date",
            "description",
            "status",
            "created_at",
            "updated_at",
            "version",
        )
    }
    body["total_units"] = _units(c.total_units)
    body["used_units"] = _units(view.used_units) if c.tracked else None
    body["remaining_units"] = _units(view.remaining_units)
    body["tickets_in_period"] = view.tickets
    return body


def _shown(view: ContractView) -> dict[str, Any]:
    fields = service(Support).access.fields(context.principal(), SERVICE_CONTRACTS)
    body = fields.redact(contract_out(view))
    # Usage is derived from total_units: hidden with it.
    if not fields.visible("total_units"):
        for derived in ("used_units", "remaining_units"):
            body.pop(derived, None)
    return body


def _fields(body: ContractCreate | ContractPatch) -> ContractFields:
    total = body.total_units
    return ContractFields(
        subject=body.subject,
        contract_type=body.contract_type,
        start_date=body.start_date,
        end_date=body.end_date,
        sla_policy_id=body.sla_policy_id,
        tracking_unit=body.tracking_unit,
        total_units=None if total is None else Decimal(total),
        review_date=body.review_date,
        owner_id=body.owner_id,
        description=body.description,
    )


def _reread(contract_id: UUID) -> Reply:
    view = service(Support).contract_queries.get(context.principal(), contract_id)
    return Reply(_shown(view), etag=view.contract.version)


@bp.post(
    "/service-contracts",
    body=ContractCreate,
    response=ContractOut,
    status=201,
    permission=(SERVICE_CONTRACTS, "create"),
)
def create_contract(body: ContractCreate) -> Reply:
    """Create a service contract for an account (checked in contacts as the caller)."""
    command = CreateContract(
        account_id=body.account_id, fields=_fields(body), token=context.caller_token()
    )
    contract = service(Support).run(command, caller=context.principal())
    reply = _reread(contract.id)
    reply.location = f"{BASE}/{contract.id}"
    return reply


@bp.get("/service-contracts/<contract_id>", response=ContractOut, permission=VIEW)
def get_contract(contract_id: UUID) -> Reply:
    """A contract with the units its account's tickets used in the period."""
    return _reread(contract_id)


@bp.get(
    "/service-contracts",
    query=ContractListQuery,
    response=Page[ContractOut],
    permission=VIEW,
)
def list_contracts(query: ContractListQuery) -> dict[str, Any]:
    """List contracts (sort created_at, updated_at, number, end_date; filters below)."""
    values = query.model_dump()
    params = ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
        filters={k: values[k] for k in FILTERS if values.get(k) is not None},
    )
    views, cursor = service(Support).contract_queries.list(context.principal(), params)
    return {"items": [_shown(v) for v in views], "next_cursor": cursor}


@bp.patch(
    "/service-contracts/<contract_id>", body=ContractPatch, response=ContractOut, permission=EDIT
)
def patch_contract(contract_id: UUID, body: ContractPatch) -> Reply:
    """Change some fields; the status follows the new dates and budget at once."""
    command = UpdateContract(
        contract_id=contract_id,
        fields=_fields(body),
        sent=frozenset(body.model_fields_set),
        expected_version=if_match(),
    )
    service(Support).run(command, caller=context.principal())
    return _reread(contract_id)


@bp.post(
    "/service-contracts/<contract_id>/cancel",
    response=ContractOut,
    permission=EDIT,
)
def cancel_contract(contract_id: UUID) -> Reply:
    """End a contract early (Cancelled is final)."""
    command = CancelContract(contract_id=contract_id, expected_version=if_match())
    service(Support).run(command, caller=context.principal())
    return _reread(contract_id)
