"""BillingService: parse the request, call one query or use case, map the result to protos.

Errors are raised as the chassis's AppErrors; its interceptor maps them to status codes.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import grpc

from crm.billing.v1 import billing_pb2 as pb
from crm.billing.v1 import billing_pb2_grpc as pb_grpc
from crm_billing.bootstrap import Billing
from crm_billing.grpc_api import messages
from crm_billing.service.access import INVOICES, PAYMENTS, PURCHASE_ORDERS, VENDORS
from crm_billing.service.queries import MAX_BATCH, ListParams
from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.grpc.convert import (
    in_request_order,
    next_page_token,
    optional_datetime,
    optional_uuid,
    page_size,
    page_token,
    parse_ids,
    parse_uuid,
    redact,
)

SERVICE_NAME = "crm.billing.v1.BillingService"
LIST_DEFAULT, LIST_MAX = 50, 500


def _params(request: Any, **filters: Any) -> ListParams:
    return ListParams(
        limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
        cursor=page_token(request),
        sort="updated_at",
        updated_since=optional_datetime(request, "updated_since"),
        filters={k: v for k, v in filters.items() if v},
    )


class BillingServicer(pb_grpc.BillingServiceServicer):
    def __init__(self, app: Billing) -> None:
        self.app = app
        self.queries = app.queries

    def _map(self, module: str, convert: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        found = [convert(x) for x in items]
        redact(found, self.app.access.fields(context.principal(), module).hidden)
        return found

    def _get(self, module: str, convert: Callable[[Any], Any], record_id: str) -> Any:
        item = self.queries.get(module, context.principal(), parse_uuid("id", record_id))
        return self._map(module, convert, [item])[0]

    def _batch(self, module: str, convert: Callable[[Any], Any], raw: Sequence[str]):
        ids = parse_ids(raw, MAX_BATCH)
        found, missing = in_request_order(ids, self.queries.batch(module, context.principal(), ids))
        return self._map(module, convert, found), missing

    def _list(self, module: str, convert: Callable[[Any], Any], params: ListParams):
        items, token = self.queries.list(module, context.principal(), params)
        return self._map(module, convert, items), next_page_token(token)

    # -- invoices ---------------------------------------------------------------------------

    def GetInvoice(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetInvoiceResponse(invoice=self._get(INVOICES, messages.invoice, request.id))

    def GetInvoicePdf(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        printed = self.queries.printable_invoice(
            context.principal(), parse_uuid("id", request.id), context.caller_token()
        )
        return pb.GetInvoicePdfResponse(
            number=printed.number,
            media_type=printed.media_type,
            content=printed.content,
            version=printed.version,
        )

    def GetAccountBalance(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account_id = parse_uuid("account_id", request.account_id)
        count = self.queries.account_balance(context.principal(), account_id)
        return pb.GetAccountBalanceResponse(account_id=str(account_id), open_invoices=count)

    def BatchGetInvoices(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(INVOICES, messages.invoice, request.ids)
        return pb.BatchGetInvoicesResponse(invoices=found, missing_ids=missing)

    def ListInvoices(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = _params(
            request,
            account_id=optional_uuid("account_id", request.account_id),
            status=request.status or None,
            quote_id=optional_uuid("quote_id", request.quote_id),
            sales_order_id=optional_uuid("sales_order_id", request.sales_order_id),
        )
        items, token = self._list(INVOICES, messages.invoice, params)
        return pb.ListInvoicesResponse(invoices=items, next_page_token=token)

    # -- payments ---------------------------------------------------------------------------

    def GetPayment(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetPaymentResponse(payment=self._get(PAYMENTS, messages.payment, request.id))

    def BatchGetPayments(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(PAYMENTS, messages.payment, request.ids)
        return pb.BatchGetPaymentsResponse(payments=found, missing_ids=missing)

    def ListPayments(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = _params(request, account_id=optional_uuid("account_id", request.account_id))
        items, token = self._list(PAYMENTS, messages.payment, params)
        return pb.ListPaymentsResponse(payments=items, next_page_token=token)

    def RecordPayment(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        if not request.client_reference.strip():
            raise BadRequest(
                "client_reference is required.",
                errors=[FieldError("client_reference", "is required")],
            )
        command = dataclasses.replace(
            messages.record_payment(request), token=context.caller_token()
        )
        recorded = self.app.run(command, caller=context.principal())
        payment, created = recorded.payment, recorded.created
        [msg] = self._map(PAYMENTS, messages.payment, [payment])
        return pb.RecordPaymentResponse(payment=msg, created=created)

    # -- vendors and purchase orders --------------------------------------------------------

    def GetVendor(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetVendorResponse(vendor=self._get(VENDORS, messages.vendor, request.id))

    def BatchGetVendors(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(VENDORS, messages.vendor, request.ids)
        return pb.BatchGetVendorsResponse(vendors=found, missing_ids=missing)

    def ListVendors(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        items, token = self._list(VENDORS, messages.vendor, _params(request))
        return pb.ListVendorsResponse(vendors=items, next_page_token=token)

    def GetPurchaseOrder(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        order = self._get(PURCHASE_ORDERS, messages.purchase_order, request.id)
        return pb.GetPurchaseOrderResponse(purchase_order=order)

    def BatchGetPurchaseOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(PURCHASE_ORDERS, messages.purchase_order, request.ids)
        return pb.BatchGetPurchaseOrdersResponse(purchase_orders=found, missing_ids=missing)

    def ListPurchaseOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = _params(request, vendor_id=optional_uuid("vendor_id", request.vendor_id))
        items, token = self._list(PURCHASE_ORDERS, messages.purchase_order, params)
        return pb.ListPurchaseOrdersResponse(purchase_orders=items, next_page_token=token)


def register(app: Billing) -> Any:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        pb_grpc.add_BillingServiceServicer_to_server(BillingServicer(app), server)
        return [SERVICE_NAME]

    return add
