"""sales and billing over gRPC for the portal: quotes, orders, invoices and invoice PDFs.

Every call carries the portal user's own token, never this service's credentials, so sales
and billing apply the customer's rights (``portal.quotes.read`` and the like, records of
their own account only). Messages become :class:`PortalDocument`, keeping only what the
portal may show (staff-only fields never leave this module).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import grpc

from crm_chassis.grpc import RemoteService
from crm_support.config import Settings
from crm_support.domain.portal_documents import (
    INVOICE,
    ORDER,
    QUOTE,
    DocumentLine,
    PortalDocument,
    PrintedDocument,
)

SALES = "crm.sales.v1.SalesService"
BILLING = "crm.billing.v1.BillingService"


def _sales_stub(ch: grpc.Channel) -> Any:
    from crm.sales.v1 import sales_pb2_grpc

    return sales_pb2_grpc.SalesServiceStub(ch)


def _billing_stub(ch: grpc.Channel) -> Any:
    from crm.billing.v1 import billing_pb2_grpc

    return billing_pb2_grpc.BillingServiceStub(ch)


def _when(message: Any, name: str) -> datetime | None:
    return getattr(message, name).ToDatetime(tzinfo=UTC) if message.HasField(name) else None


def _uuid(value: str) -> UUID | None:
    return UUID(value) if value else None


def _sales_lines(lines: Any) -> tuple[DocumentLine, ...]:
    return tuple(
        DocumentLine(
            description=line.description or line.product_name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.total,
        )
        for line in lines
    )


def quote_document(m: Any) -> PortalDocument:
    return PortalDocument(
        kind=QUOTE,
        id=UUID(m.id),
        number=m.number,
        status=m.stage,
        account_id=_uuid(m.account_id),
        currency=m.currency,
        total=m.grand_total,
        subject=m.subject or None,
        lines=_sales_lines(m.lines),
        valid_until=m.valid_until or None,
        created_at=_when(m, "created_at"),
        updated_at=_when(m, "updated_at"),
        approved=m.approval_status == "Approved",
        superseded=m.superseded,
    )


def order_document(m: Any) -> PortalDocument:
    return PortalDocument(
        kind=ORDER,
        id=UUID(m.id),
        number=m.number,
        status=m.status,
        account_id=_uuid(m.account_id),
        currency=m.currency,
        total=m.grand_total,
        lines=_sales_lines(m.lines),
        due_date=m.due_date or None,
        created_at=_when(m, "created_at"),
        updated_at=_when(m, "updated_at"),
    )


def invoice_document(m: Any) -> PortalDocument:
    lines = tuple(
        DocumentLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.net,
        )
        for line in m.lines
    )
    return PortalDocument(
        kind=INVOICE,
        id=UUID(m.id),
        number=m.number,
        status=m.status,
        account_id=_uuid(m.account_id),
        currency=m.currency,
        total=m.totals.total,
        subject=m.subject or None,
        lines=lines,
        document_date=m.invoice_date or None,
        due_date=m.due_date or None,
        balance=m.balance,
        created_at=_when(m, "created_at"),
        updated_at=_when(m, "updated_at"),
    )


# kind -> (service, Get method, its request, reply field, List method, its request,
# reply field, message -> document)
_CALLS: dict[str, tuple[str, str, str, str, str, str, str, Any]] = {
    QUOTE: ("sales", "GetQuote", "GetQuoteRequest", "quote", "ListQuotes",
            "ListQuotesRequest", "quotes", quote_document),
    ORDER: ("sales", "GetSalesOrder", "GetSalesOrderRequest", "sales_order",
            "ListSalesOrders", "ListSalesOrdersRequest", "sales_orders", order_document),
    INVOICE: ("billing", "GetInvoice", "GetInvoiceRequest", "invoice", "ListInvoices",
              "ListInvoicesRequest", "invoices", invoice_document),
}  # fmt: skip


class RemoteDocuments:
    """The PortalDocuments port over sales' and billing's gRPC APIs."""

    def __init__(self, settings: Settings) -> None:
        timeout = settings.references_timeout_seconds
        self.remotes = {
            "sales": RemoteService(settings.sales_grpc_target, SALES, _sales_stub, timeout=timeout),
            "billing": RemoteService(
                settings.billing_grpc_target, BILLING, _billing_stub, timeout=timeout
            ),
        }

    @staticmethod
    def _pb(service: str) -> Any:
        if service == "sales":
            from crm.sales.v1 import sales_pb2

            return sales_pb2
        from crm.billing.v1 import billing_pb2

        return billing_pb2

    def page(
        self, kind: str, *, token: str, size: int, page_token: str | None
    ) -> tuple[list[PortalDocument], str | None]:
        service, _, _, _, method, request, field, convert = _CALLS[kind]
        message = getattr(self._pb(service), request)(page_size=size, page_token=page_token or "")
        reply = self.remotes[service].call(method, message, token=token)
        return [convert(m) for m in getattr(reply, field)], reply.next_page_token or None

    def get(self, kind: str, document_id: UUID, *, token: str) -> PortalDocument | None:
        service, method, request, field, *_, convert = _CALLS[kind]
        message = getattr(self._pb(service), request)(id=str(document_id))
        reply = self.remotes[service].get(method, message, token=token)
        return None if reply is None else convert(getattr(reply, field))

    def invoice_pdf(self, invoice_id: UUID, *, token: str) -> PrintedDocument | None:
        from crm.billing.v1 import billing_pb2 as pb

        request = pb.GetInvoicePdfRequest(id=str(invoice_id))
        reply = self.remotes["billing"].get("GetInvoicePdf", request, token=token)
        if reply is None:
            return None
        return PrintedDocument(reply.number, reply.media_type, reply.content, reply.version)
