import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BillingAddress(_message.Message):
    __slots__ = ("street", "city", "state", "postal_code", "country")
    STREET_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    street: str
    city: str
    state: str
    postal_code: str
    country: str
    def __init__(self, street: _Optional[str] = ..., city: _Optional[str] = ..., state: _Optional[str] = ..., postal_code: _Optional[str] = ..., country: _Optional[str] = ...) -> None: ...

class DocumentLine(_message.Message):
    __slots__ = ("position", "product_id", "description", "unit", "quantity", "unit_price", "discount_percent", "discount_amount", "tax_percent", "gross", "net", "tax")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TAX_PERCENT_FIELD_NUMBER: _ClassVar[int]
    GROSS_FIELD_NUMBER: _ClassVar[int]
    NET_FIELD_NUMBER: _ClassVar[int]
    TAX_FIELD_NUMBER: _ClassVar[int]
    position: int
    product_id: str
    description: str
    unit: str
    quantity: str
    unit_price: str
    discount_percent: str
    discount_amount: str
    tax_percent: str
    gross: str
    net: str
    tax: str
    def __init__(self, position: _Optional[int] = ..., product_id: _Optional[str] = ..., description: _Optional[str] = ..., unit: _Optional[str] = ..., quantity: _Optional[str] = ..., unit_price: _Optional[str] = ..., discount_percent: _Optional[str] = ..., discount_amount: _Optional[str] = ..., tax_percent: _Optional[str] = ..., gross: _Optional[str] = ..., net: _Optional[str] = ..., tax: _Optional[str] = ...) -> None: ...

class DocumentTotals(_message.Message):
    __slots__ = ("subtotal", "discount", "tax", "shipping", "adjustment", "total")
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    TAX_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    subtotal: str
    discount: str
    tax: str
    shipping: str
    adjustment: str
    total: str
    def __init__(self, subtotal: _Optional[str] = ..., discount: _Optional[str] = ..., tax: _Optional[str] = ..., shipping: _Optional[str] = ..., adjustment: _Optional[str] = ..., total: _Optional[str] = ...) -> None: ...

class Invoice(_message.Message):
    __slots__ = ("id", "number", "status", "account_id", "contact_id", "quote_id", "sales_order_id", "subject", "currency", "invoice_date", "due_date", "payment_terms", "billing_address", "shipping_address", "lines", "totals", "amount_paid", "amount_credited", "balance", "dunning_level", "owner_id", "version", "created_at", "updated_at", "issued_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    SALES_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    INVOICE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TERMS_FIELD_NUMBER: _ClassVar[int]
    BILLING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_PAID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CREDITED_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    DUNNING_LEVEL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    status: str
    account_id: str
    contact_id: str
    quote_id: str
    sales_order_id: str
    subject: str
    currency: str
    invoice_date: str
    due_date: str
    payment_terms: str
    billing_address: BillingAddress
    shipping_address: BillingAddress
    lines: _containers.RepeatedCompositeFieldContainer[DocumentLine]
    totals: DocumentTotals
    amount_paid: str
    amount_credited: str
    balance: str
    dunning_level: int
    owner_id: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    issued_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., status: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., sales_order_id: _Optional[str] = ..., subject: _Optional[str] = ..., currency: _Optional[str] = ..., invoice_date: _Optional[str] = ..., due_date: _Optional[str] = ..., payment_terms: _Optional[str] = ..., billing_address: _Optional[_Union[BillingAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[BillingAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[DocumentLine, _Mapping]]] = ..., totals: _Optional[_Union[DocumentTotals, _Mapping]] = ..., amount_paid: _Optional[str] = ..., amount_credited: _Optional[str] = ..., balance: _Optional[str] = ..., dunning_level: _Optional[int] = ..., owner_id: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PaymentAllocation(_message.Message):
    __slots__ = ("invoice_id", "amount", "allocated_on")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ALLOCATED_ON_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    amount: str
    allocated_on: str
    def __init__(self, invoice_id: _Optional[str] = ..., amount: _Optional[str] = ..., allocated_on: _Optional[str] = ...) -> None: ...

class Payment(_message.Message):
    __slots__ = ("id", "number", "account_id", "amount", "currency", "method", "reference", "client_reference", "received_on", "allocations", "unallocated", "owner_id", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    ALLOCATIONS_FIELD_NUMBER: _ClassVar[int]
    UNALLOCATED_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    account_id: str
    amount: str
    currency: str
    method: str
    reference: str
    client_reference: str
    received_on: str
    allocations: _containers.RepeatedCompositeFieldContainer[PaymentAllocation]
    unallocated: str
    owner_id: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., amount: _Optional[str] = ..., currency: _Optional[str] = ..., method: _Optional[str] = ..., reference: _Optional[str] = ..., client_reference: _Optional[str] = ..., received_on: _Optional[str] = ..., allocations: _Optional[_Iterable[_Union[PaymentAllocation, _Mapping]]] = ..., unallocated: _Optional[str] = ..., owner_id: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Vendor(_message.Message):
    __slots__ = ("id", "name", "contact_name", "email", "phone", "website", "address", "payment_terms", "gl_account", "category", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TERMS_FIELD_NUMBER: _ClassVar[int]
    GL_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    contact_name: str
    email: str
    phone: str
    website: str
    address: BillingAddress
    payment_terms: str
    gl_account: str
    category: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., contact_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., website: _Optional[str] = ..., address: _Optional[_Union[BillingAddress, _Mapping]] = ..., payment_terms: _Optional[str] = ..., gl_account: _Optional[str] = ..., category: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PurchaseOrder(_message.Message):
    __slots__ = ("id", "number", "status", "vendor_id", "subject", "currency", "order_date", "expected_on", "tracking_number", "carrier", "shipping_address", "lines", "totals", "owner_id", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VENDOR_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ORDER_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_ON_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    status: str
    vendor_id: str
    subject: str
    currency: str
    order_date: str
    expected_on: str
    tracking_number: str
    carrier: str
    shipping_address: BillingAddress
    lines: _containers.RepeatedCompositeFieldContainer[DocumentLine]
    totals: DocumentTotals
    owner_id: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., status: _Optional[str] = ..., vendor_id: _Optional[str] = ..., subject: _Optional[str] = ..., currency: _Optional[str] = ..., order_date: _Optional[str] = ..., expected_on: _Optional[str] = ..., tracking_number: _Optional[str] = ..., carrier: _Optional[str] = ..., shipping_address: _Optional[_Union[BillingAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[DocumentLine, _Mapping]]] = ..., totals: _Optional[_Union[DocumentTotals, _Mapping]] = ..., owner_id: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetInvoiceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class BatchGetInvoicesRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetInvoicesResponse(_message.Message):
    __slots__ = ("invoices", "missing_ids")
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListInvoicesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since", "account_id", "status", "quote_id", "sales_order_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    SALES_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    account_id: str
    status: str
    quote_id: str
    sales_order_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_id: _Optional[str] = ..., status: _Optional[str] = ..., quote_id: _Optional[str] = ..., sales_order_id: _Optional[str] = ...) -> None: ...

class ListInvoicesResponse(_message.Message):
    __slots__ = ("invoices", "next_page_token")
    INVOICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invoices: _containers.RepeatedCompositeFieldContainer[Invoice]
    next_page_token: str
    def __init__(self, invoices: _Optional[_Iterable[_Union[Invoice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetPaymentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetPaymentResponse(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class BatchGetPaymentsRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetPaymentsResponse(_message.Message):
    __slots__ = ("payments", "missing_ids")
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListPaymentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since", "account_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    account_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_id: _Optional[str] = ...) -> None: ...

class ListPaymentsResponse(_message.Message):
    __slots__ = ("payments", "next_page_token")
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[Payment]
    next_page_token: str
    def __init__(self, payments: _Optional[_Iterable[_Union[Payment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RequestedAllocation(_message.Message):
    __slots__ = ("invoice_id", "amount")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    amount: str
    def __init__(self, invoice_id: _Optional[str] = ..., amount: _Optional[str] = ...) -> None: ...

class RecordPaymentRequest(_message.Message):
    __slots__ = ("client_reference", "account_id", "amount", "currency", "method", "reference", "received_on", "notes", "allocations", "owner_id")
    CLIENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    ALLOCATIONS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    client_reference: str
    account_id: str
    amount: str
    currency: str
    method: str
    reference: str
    received_on: str
    notes: str
    allocations: _containers.RepeatedCompositeFieldContainer[RequestedAllocation]
    owner_id: str
    def __init__(self, client_reference: _Optional[str] = ..., account_id: _Optional[str] = ..., amount: _Optional[str] = ..., currency: _Optional[str] = ..., method: _Optional[str] = ..., reference: _Optional[str] = ..., received_on: _Optional[str] = ..., notes: _Optional[str] = ..., allocations: _Optional[_Iterable[_Union[RequestedAllocation, _Mapping]]] = ..., owner_id: _Optional[str] = ...) -> None: ...

class RecordPaymentResponse(_message.Message):
    __slots__ = ("payment", "created")
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    payment: Payment
    created: bool
    def __init__(self, payment: _Optional[_Union[Payment, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetVendorRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetVendorResponse(_message.Message):
    __slots__ = ("vendor",)
    VENDOR_FIELD_NUMBER: _ClassVar[int]
    vendor: Vendor
    def __init__(self, vendor: _Optional[_Union[Vendor, _Mapping]] = ...) -> None: ...

class BatchGetVendorsRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetVendorsResponse(_message.Message):
    __slots__ = ("vendors", "missing_ids")
    VENDORS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    vendors: _containers.RepeatedCompositeFieldContainer[Vendor]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, vendors: _Optional[_Iterable[_Union[Vendor, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListVendorsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListVendorsResponse(_message.Message):
    __slots__ = ("vendors", "next_page_token")
    VENDORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    vendors: _containers.RepeatedCompositeFieldContainer[Vendor]
    next_page_token: str
    def __init__(self, vendors: _Optional[_Iterable[_Union[Vendor, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetPurchaseOrderRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetPurchaseOrderResponse(_message.Message):
    __slots__ = ("purchase_order",)
    PURCHASE_ORDER_FIELD_NUMBER: _ClassVar[int]
    purchase_order: PurchaseOrder
    def __init__(self, purchase_order: _Optional[_Union[PurchaseOrder, _Mapping]] = ...) -> None: ...

class BatchGetPurchaseOrdersRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetPurchaseOrdersResponse(_message.Message):
    __slots__ = ("purchase_orders", "missing_ids")
    PURCHASE_ORDERS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    purchase_orders: _containers.RepeatedCompositeFieldContainer[PurchaseOrder]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, purchase_orders: _Optional[_Iterable[_Union[PurchaseOrder, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListPurchaseOrdersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since", "vendor_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    VENDOR_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    vendor_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., vendor_id: _Optional[str] = ...) -> None: ...

class ListPurchaseOrdersResponse(_message.Message):
    __slots__ = ("purchase_orders", "next_page_token")
    PURCHASE_ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    purchase_orders: _containers.RepeatedCompositeFieldContainer[PurchaseOrder]
    next_page_token: str
    def __init__(self, purchase_orders: _Optional[_Iterable[_Union[PurchaseOrder, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAccountBalanceRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class GetAccountBalanceResponse(_message.Message):
    __slots__ = ("account_id", "open_invoices")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_INVOICES_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    open_invoices: int
    def __init__(self, account_id: _Optional[str] = ..., open_invoices: _Optional[int] = ...) -> None: ...

class GetInvoicePdfRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetInvoicePdfResponse(_message.Message):
    __slots__ = ("number", "media_type", "content", "version")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    number: str
    media_type: str
    content: bytes
    version: int
    def __init__(self, number: _Optional[str] = ..., media_type: _Optional[str] = ..., content: _Optional[bytes] = ..., version: _Optional[int] = ...) -> None: ...
