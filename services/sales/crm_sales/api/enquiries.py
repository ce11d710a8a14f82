"""Customer enquiries: a request for a price that becomes a quote in one call."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.quotes import quote_reply
from crm_sales.api.schemas.enquiries import EnquiryCreate, EnquiryListQuery, EnquiryOut
from crm_sales.api.schemas.parts import list_params, record
from crm_sales.api.schemas.quotes import QuoteOut
from crm_sales.domain.commands import CreateEnquiry, QuoteEnquiry
from crm_sales.domain.enquiries import Enquiry
from crm_sales.service import queries as q
from crm_sales.service.access import ENQUIRIES

bp = Blueprint("enquiries")
BASE = "/api/sales/v1/enquiries"


def enquiry_out(enquiry: Enquiry) -> dict[str, Any]:
    return record(enquiry, EnquiryOut, field_access(ENQUIRIES))


@bp.post(
    "/enquiries",
    body=EnquiryCreate,
    response=EnquiryOut,
    status=201,
    permission=(ENQUIRIES, "create"),
)
def create_enquiry(body: EnquiryCreate) -> Reply:
    """Record a customer enquiry."""
    enquiry = run(CreateEnquiry(body.to_fields(), body.sent, context.caller_token()))
    return Reply(enquiry_out(enquiry), location=f"{BASE}/{enquiry.id}", etag=enquiry.version)


@bp.get("/enquiries/<enquiry_id>", response=EnquiryOut, permission=(ENQUIRIES, "view"))
def get_enquiry(enquiry_id: UUID) -> Reply:
    """Get an enquiry."""
    enquiry = sales().queries.get(q.ENQUIRIES, context.principal(), enquiry_id)
    return Reply(enquiry_out(enquiry), etag=enquiry.version)


@bp.get(
    "/enquiries",
    query=EnquiryListQuery,
    response=Page[EnquiryOut],
    permission=(ENQUIRIES, "view"),
)
def list_enquiries(query: EnquiryListQuery) -> dict[str, Any]:
    """List enquiries."""
    found, cursor = sales().queries.list(q.ENQUIRIES, context.principal(), list_params(query))
    return {"items": [enquiry_out(x) for x in found], "next_cursor": cursor}


@bp.post(
    "/enquiries/<enquiry_id>/quote",
    response=QuoteOut,
    status=201,
    permission=(ENQUIRIES, "edit"),
)
def quote_enquiry(enquiry_id: UUID) -> Reply:
    """Turn an enquiry into a quote."""
    return quote_reply(run(QuoteEnquiry(enquiry_id, context.caller_token())))
