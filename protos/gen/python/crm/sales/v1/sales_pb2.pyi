import datetime

from crm.sales.v1 import events_pb2 as _events_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Quote(_message.Message):
    __slots__ = ("id", "number", "quote_version", "subject", "stage", "approval_status", "account_id", "contact_id", "opportunity_id", "price_book_id", "currency", "billing_address", "shipping_address", "lines", "subtotal", "discount_total", "tax_total", "shipping", "adjustment", "grand_total", "payment_terms", "valid_until", "owner_id", "approved_by", "approved_at", "superseded", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    QUOTE_VERSION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PRICE_BOOK_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BILLING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_TOTAL_FIELD_NUMBER: _ClassVar[int]
    TAX_TOTAL_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    GRAND_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TERMS_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    quote_version: int
    subject: str
    stage: str
    approval_status: str
    account_id: str
    contact_id: str
    opportunity_id: str
    price_book_id: str
    currency: str
    billing_address: _events_pb2.SalesAddress
    shipping_address: _events_pb2.SalesAddress
    lines: _containers.RepeatedCompositeFieldContainer[_events_pb2.QuoteLine]
    subtotal: str
    discount_total: str
    tax_total: str
    shipping: str
    adjustment: str
    grand_total: str
    payment_terms: str
    valid_until: str
    owner_id: str
    approved_by: str
    approved_at: _timestamp_pb2.Timestamp
    superseded: bool
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., quote_version: _Optional[int] = ..., subject: _Optional[str] = ..., stage: _Optional[str] = ..., approval_status: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., price_book_id: _Optional[str] = ..., currency: _Optional[str] = ..., billing_address: _Optional[_Union[_events_pb2.SalesAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[_events_pb2.SalesAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[_events_pb2.QuoteLine, _Mapping]]] = ..., subtotal: _Optional[str] = ..., discount_total: _Optional[str] = ..., tax_total: _Optional[str] = ..., shipping: _Optional[str] = ..., adjustment: _Optional[str] = ..., grand_total: _Optional[str] = ..., payment_terms: _Optional[str] = ..., valid_until: _Optional[str] = ..., owner_id: _Optional[str] = ..., approved_by: _Optional[str] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., superseded: _Optional[bool] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SalesOrder(_message.Message):
    __slots__ = ("id", "number", "status", "quote_id", "quote_number", "account_id", "contact_id", "opportunity_id", "currency", "billing_address", "shipping_address", "lines", "subtotal", "discount_total", "tax_total", "shipping", "adjustment", "grand_total", "payment_terms", "due_date", "owner_id", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BILLING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_TOTAL_FIELD_NUMBER: _ClassVar[int]
    TAX_TOTAL_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    GRAND_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TERMS_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    status: str
    quote_id: str
    quote_number: str
    account_id: str
    contact_id: str
    opportunity_id: str
    currency: str
    billing_address: _events_pb2.SalesAddress
    shipping_address: _events_pb2.SalesAddress
    lines: _containers.RepeatedCompositeFieldContainer[_events_pb2.QuoteLine]
    subtotal: str
    discount_total: str
    tax_total: str
    shipping: str
    adjustment: str
    grand_total: str
    payment_terms: str
    due_date: str
    owner_id: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., status: _Optional[str] = ..., quote_id: _Optional[str] = ..., quote_number: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., currency: _Optional[str] = ..., billing_address: _Optional[_Union[_events_pb2.SalesAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[_events_pb2.SalesAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[_events_pb2.QuoteLine, _Mapping]]] = ..., subtotal: _Optional[str] = ..., discount_total: _Optional[str] = ..., tax_total: _Optional[str] = ..., shipping: _Optional[str] = ..., adjustment: _Optional[str] = ..., grand_total: _Optional[str] = ..., payment_terms: _Optional[str] = ..., due_date: _Optional[str] = ..., owner_id: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Product(_message.Message):
    __slots__ = ("id", "code", "name", "category", "unit_price", "currency", "tax_class", "tax_percent", "usage_unit", "active", "vendor_ref", "description", "version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TAX_CLASS_FIELD_NUMBER: _ClassVar[int]
    TAX_PERCENT_FIELD_NUMBER: _ClassVar[int]
    USAGE_UNIT_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    VENDOR_REF_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    category: str
    unit_price: str
    currency: str
    tax_class: str
    tax_percent: str
    usage_unit: str
    active: bool
    vendor_ref: str
    description: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., unit_price: _Optional[str] = ..., currency: _Optional[str] = ..., tax_class: _Optional[str] = ..., tax_percent: _Optional[str] = ..., usage_unit: _Optional[str] = ..., active: _Optional[bool] = ..., vendor_ref: _Optional[str] = ..., description: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetQuoteRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetQuoteResponse(_message.Message):
    __slots__ = ("quote",)
    QUOTE_FIELD_NUMBER: _ClassVar[int]
    quote: Quote
    def __init__(self, quote: _Optional[_Union[Quote, _Mapping]] = ...) -> None: ...

class BatchGetQuotesRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetQuotesResponse(_message.Message):
    __slots__ = ("quotes", "missing_ids")
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    quotes: _containers.RepeatedCompositeFieldContainer[Quote]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, quotes: _Optional[_Iterable[_Union[Quote, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListQuotesRequest(_message.Message):
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

class ListQuotesResponse(_message.Message):
    __slots__ = ("quotes", "next_page_token")
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    quotes: _containers.RepeatedCompositeFieldContainer[Quote]
    next_page_token: str
    def __init__(self, quotes: _Optional[_Iterable[_Union[Quote, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSalesOrderRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSalesOrderResponse(_message.Message):
    __slots__ = ("sales_order",)
    SALES_ORDER_FIELD_NUMBER: _ClassVar[int]
    sales_order: SalesOrder
    def __init__(self, sales_order: _Optional[_Union[SalesOrder, _Mapping]] = ...) -> None: ...

class BatchGetSalesOrdersRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetSalesOrdersResponse(_message.Message):
    __slots__ = ("sales_orders", "missing_ids")
    SALES_ORDERS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    sales_orders: _containers.RepeatedCompositeFieldContainer[SalesOrder]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, sales_orders: _Optional[_Iterable[_Union[SalesOrder, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListSalesOrdersRequest(_message.Message):
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

class ListSalesOrdersResponse(_message.Message):
    __slots__ = ("sales_orders", "next_page_token")
    SALES_ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sales_orders: _containers.RepeatedCompositeFieldContainer[SalesOrder]
    next_page_token: str
    def __init__(self, sales_orders: _Optional[_Iterable[_Union[SalesOrder, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetProductRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...

class BatchGetProductsRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetProductsResponse(_message.Message):
    __slots__ = ("products", "missing_ids")
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[Product]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, products: _Optional[_Iterable[_Union[Product, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListProductsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListProductsResponse(_message.Message):
    __slots__ = ("products", "next_page_token")
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[Product]
    next_page_token: str
    def __init__(self, products: _Optional[_Iterable[_Union[Product, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListOpportunitiesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since", "account_id", "open_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    account_id: str
    open_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_id: _Optional[str] = ..., open_only: _Optional[bool] = ...) -> None: ...

class ListOpportunitiesResponse(_message.Message):
    __slots__ = ("opportunities", "next_page_token")
    OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    opportunities: _containers.RepeatedCompositeFieldContainer[_events_pb2.Opportunity]
    next_page_token: str
    def __init__(self, opportunities: _Optional[_Iterable[_Union[_events_pb2.Opportunity, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetLeadRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetLeadResponse(_message.Message):
    __slots__ = ("id", "name", "company", "owner_id", "lead_status", "converted")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_STATUS_FIELD_NUMBER: _ClassVar[int]
    CONVERTED_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    company: str
    owner_id: str
    lead_status: str
    converted: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., owner_id: _Optional[str] = ..., lead_status: _Optional[str] = ..., converted: _Optional[bool] = ...) -> None: ...

class Lead(_message.Message):
    __slots__ = ("id", "salutation", "first_name", "last_name", "company", "title", "email", "phone", "mobile", "industry", "lead_source", "lead_status", "owner_id", "tags", "converted", "email_opt_out", "version", "created_at", "updated_at", "name", "do_not_contact")
    ID_FIELD_NUMBER: _ClassVar[int]
    SALUTATION_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    LEAD_STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CONVERTED_FIELD_NUMBER: _ClassVar[int]
    EMAIL_OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DO_NOT_CONTACT_FIELD_NUMBER: _ClassVar[int]
    id: str
    salutation: str
    first_name: str
    last_name: str
    company: str
    title: str
    email: str
    phone: str
    mobile: str
    industry: str
    lead_source: str
    lead_status: str
    owner_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    converted: bool
    email_opt_out: bool
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    name: str
    do_not_contact: bool
    def __init__(self, id: _Optional[str] = ..., salutation: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., company: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., mobile: _Optional[str] = ..., industry: _Optional[str] = ..., lead_source: _Optional[str] = ..., lead_status: _Optional[str] = ..., owner_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., converted: _Optional[bool] = ..., email_opt_out: _Optional[bool] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., name: _Optional[str] = ..., do_not_contact: _Optional[bool] = ...) -> None: ...

class BatchGetLeadsRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetLeadsResponse(_message.Message):
    __slots__ = ("leads", "missing_ids")
    LEADS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    leads: _containers.RepeatedCompositeFieldContainer[Lead]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, leads: _Optional[_Iterable[_Union[Lead, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListLeadsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "updated_since", "owner_id", "lead_statuses", "lead_sources", "industries", "tags", "created_since", "include_converted")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_STATUSES_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCES_FIELD_NUMBER: _ClassVar[int]
    INDUSTRIES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CREATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CONVERTED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    updated_since: _timestamp_pb2.Timestamp
    owner_id: str
    lead_statuses: _containers.RepeatedScalarFieldContainer[str]
    lead_sources: _containers.RepeatedScalarFieldContainer[str]
    industries: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    created_since: _timestamp_pb2.Timestamp
    include_converted: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner_id: _Optional[str] = ..., lead_statuses: _Optional[_Iterable[str]] = ..., lead_sources: _Optional[_Iterable[str]] = ..., industries: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ..., created_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., include_converted: _Optional[bool] = ...) -> None: ...

class ListLeadsResponse(_message.Message):
    __slots__ = ("leads", "next_page_token")
    LEADS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    leads: _containers.RepeatedCompositeFieldContainer[Lead]
    next_page_token: str
    def __init__(self, leads: _Optional[_Iterable[_Union[Lead, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetOpportunityRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetOpportunityResponse(_message.Message):
    __slots__ = ("opportunity",)
    OPPORTUNITY_FIELD_NUMBER: _ClassVar[int]
    opportunity: _events_pb2.Opportunity
    def __init__(self, opportunity: _Optional[_Union[_events_pb2.Opportunity, _Mapping]] = ...) -> None: ...

class GetAccountActivityRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class GetAccountActivityResponse(_message.Message):
    __slots__ = ("account_id", "open_opportunities", "open_quotes", "open_sales_orders", "open_enquiries")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    OPEN_QUOTES_FIELD_NUMBER: _ClassVar[int]
    OPEN_SALES_ORDERS_FIELD_NUMBER: _ClassVar[int]
    OPEN_ENQUIRIES_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    open_opportunities: int
    open_quotes: int
    open_sales_orders: int
    open_enquiries: int
    def __init__(self, account_id: _Optional[str] = ..., open_opportunities: _Optional[int] = ..., open_quotes: _Optional[int] = ..., open_sales_orders: _Optional[int] = ..., open_enquiries: _Optional[int] = ...) -> None: ...
