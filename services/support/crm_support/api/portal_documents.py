"""The portal's document pages: a customer's own quotes, sales orders and invoices.

Each is read from sales or billing over gRPC with the portal user's own token; another
account's record, and an internal draft, answer 404 like a missing one. Staff get 403.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, File, FileReply, Page, service
from crm_support.api.portal_schemas import PortalDocumentOut, PortalListQuery, document_out
from crm_support.bootstrap import Support
from crm_support.domain.portal_documents import INVOICE, ORDER, QUOTE
from crm_support.service.access import INVOICES, QUOTES, SALES_ORDERS

bp = Blueprint("portal_documents")


def _page(kind: str, query: PortalListQuery) -> dict[str, Any]:
    items, cursor = service(Support).portal_documents.page(
        context.principal(),
        kind,
        token=context.caller_token(),
        limit=query.limit,
        cursor=query.cursor,
    )
    return {"items": [document_out(d) for d in items], "next_cursor": cursor}


def _one(kind: str, document_id: UUID) -> dict[str, Any]:
    found = service(Support).portal_documents.get(
        context.principal(), kind, document_id, token=context.caller_token()
    )
    return document_out(found)


@bp.get(
    "/portal/quotes",
    query=PortalListQuery,
    response=Page[PortalDocumentOut],
    permission=(QUOTES, "view"),
)
def list_quotes(query: PortalListQuery) -> dict[str, Any]:
    """The customer's approved quotes (sales' page order; a page may be short)."""
    return _page(QUOTE, query)


@bp.get("/portal/quotes/<quote_id>", response=PortalDocumentOut, permission=(QUOTES, "view"))
def get_quote(quote_id: UUID) -> dict[str, Any]:
    """One of the customer's approved quotes."""
    return _one(QUOTE, quote_id)


@bp.get(
    "/portal/orders",
    query=PortalListQuery,
    response=Page[PortalDocumentOut],
    permission=(SALES_ORDERS, "view"),
)
def list_orders(query: PortalListQuery) -> dict[str, Any]:
    """The customer's sales orders."""
    return _page(ORDER, query)


@bp.get("/portal/orders/<order_id>", response=PortalDocumentOut, permission=(SALES_ORDERS, "view"))
def get_order(order_id: UUID) -> dict[str, Any]:
    """One of the customer's sales orders."""
    return _one(ORDER, order_id)


@bp.get(
    "/portal/invoices",
    query=PortalListQuery,
    response=Page[PortalDocumentOut],
    permission=(INVOICES, "view"),
)
def list_invoices(query: PortalListQuery) -> dict[str, Any]:
    """The customer's issued invoices (drafts are internal)."""
    return _page(INVOICE, query)


@bp.get("/portal/invoices/<invoice_id>", response=PortalDocumentOut, permission=(INVOICES, "view"))
def get_invoice(invoice_id: UUID) -> dict[str, Any]:
    """One of the customer's issued invoices."""
    return _one(INVOICE, invoice_id)


@bp.get(
    "/portal/invoices/<invoice_id>/pdf",
    response=File("application/pdf", "The invoice, printable"),
    permission=(INVOICES, "view"),
)
def invoice_pdf(invoice_id: UUID) -> FileReply:
    """The invoice as billing prints it (PDF, inline)."""
    printed = service(Support).portal_documents.invoice_pdf(
        context.principal(), invoice_id, token=context.caller_token()
    )
    return FileReply(
        printed.content,
        filename=f"{printed.number}.pdf",
        disposition="inline",
        media_type=printed.media_type,
        etag=printed.version,
    )
