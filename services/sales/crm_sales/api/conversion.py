"""Lead conversion, and the mapping of lead fields to what a lead becomes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Reply
from crm_sales.api.caller import run, sales
from crm_sales.api.schemas.conversion import ConversionOut, ConvertBody, MappingBody, MappingOut
from crm_sales.api.schemas.parts import record
from crm_sales.domain.commands import ReplaceConversionMapping
from crm_sales.domain.conversion import MappingRow
from crm_sales.service.access import ADMIN, LEADS

bp = Blueprint("conversion")
API = "/api/sales/v1"


@bp.post(
    "/leads/<lead_id>/convert",
    body=ConvertBody,
    response=ConversionOut,
    status=201,
    permission=(LEADS, "edit"),
    summary="Convert a lead into an opportunity, account and contact (409 if done)",
)
def convert_lead(lead_id: UUID, body: ConvertBody) -> Reply:
    conversion = run(body.to_command(lead_id, token=context.caller_token()))
    if conversion.opportunity_id is not None:
        location = f"{API}/opportunities/{conversion.opportunity_id}"
    else:
        location = f"{API}/leads/{lead_id}"
    return Reply(record(conversion, ConversionOut), location=location)


@bp.get("/conversion-mapping", response=MappingOut, permission=(LEADS, "view"))
def get_mapping() -> dict[str, Any]:
    """The lead conversion mapping."""
    return _mapping(sales().queries.conversion_mapping(context.principal()))


@bp.put("/conversion-mapping", body=MappingBody, response=MappingOut, permission=ADMIN)
def put_mapping(body: MappingBody) -> dict[str, Any]:
    """Replace the lead conversion mapping (administrators)."""
    rows = run(ReplaceConversionMapping(tuple(r.to_row() for r in body.rows)))
    return _mapping(rows)


def _mapping(rows: tuple[MappingRow, ...]) -> dict[str, Any]:
    return {"rows": [asdict(r) for r in rows]}
