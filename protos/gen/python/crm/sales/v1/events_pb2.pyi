import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SalesAddress(_message.Message):
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

class LeadCreated(_message.Message):
    __slots__ = ("lead_id", "first_name", "last_name", "company", "email", "lead_source", "lead_status", "owner_id", "campaign_id", "possible_duplicate", "origin", "created_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    LEAD_STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    POSSIBLE_DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    first_name: str
    last_name: str
    company: str
    email: str
    lead_source: str
    lead_status: str
    owner_id: str
    campaign_id: str
    possible_duplicate: bool
    origin: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., company: _Optional[str] = ..., email: _Optional[str] = ..., lead_source: _Optional[str] = ..., lead_status: _Optional[str] = ..., owner_id: _Optional[str] = ..., campaign_id: _Optional[str] = ..., possible_duplicate: _Optional[bool] = ..., origin: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeadAssigned(_message.Message):
    __slots__ = ("lead_id", "owner_id", "previous_owner_id", "reason", "rule_id", "assigned_by", "assigned_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_BY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    previous_owner_id: str
    reason: str
    rule_id: str
    assigned_by: str
    assigned_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., previous_owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., rule_id: _Optional[str] = ..., assigned_by: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeadStale(_message.Message):
    __slots__ = ("lead_id", "owner_id", "last_touched_at", "detected_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_TOUCHED_AT_FIELD_NUMBER: _ClassVar[int]
    DETECTED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    last_touched_at: _timestamp_pb2.Timestamp
    detected_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., last_touched_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConvertedAccount(_message.Message):
    __slots__ = ("name", "industry", "website", "phone", "fax", "email", "rating", "annual_revenue", "annual_revenue_currency", "employees", "billing_address", "shipping_address", "description", "extra")
    class ExtraEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    FAX_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_REVENUE_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_REVENUE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEES_FIELD_NUMBER: _ClassVar[int]
    BILLING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    industry: str
    website: str
    phone: str
    fax: str
    email: str
    rating: str
    annual_revenue: str
    annual_revenue_currency: str
    employees: int
    billing_address: SalesAddress
    shipping_address: SalesAddress
    description: str
    extra: _containers.ScalarMap[str, str]
    def __init__(self, name: _Optional[str] = ..., industry: _Optional[str] = ..., website: _Optional[str] = ..., phone: _Optional[str] = ..., fax: _Optional[str] = ..., email: _Optional[str] = ..., rating: _Optional[str] = ..., annual_revenue: _Optional[str] = ..., annual_revenue_currency: _Optional[str] = ..., employees: _Optional[int] = ..., billing_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., description: _Optional[str] = ..., extra: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ConvertedContact(_message.Message):
    __slots__ = ("salutation", "first_name", "last_name", "title", "email", "secondary_email", "phone", "mobile", "fax", "mailing_address", "lead_source", "description", "extra")
    class ExtraEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SALUTATION_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    FAX_FIELD_NUMBER: _ClassVar[int]
    MAILING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    salutation: str
    first_name: str
    last_name: str
    title: str
    email: str
    secondary_email: str
    phone: str
    mobile: str
    fax: str
    mailing_address: SalesAddress
    lead_source: str
    description: str
    extra: _containers.ScalarMap[str, str]
    def __init__(self, salutation: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., secondary_email: _Optional[str] = ..., phone: _Optional[str] = ..., mobile: _Optional[str] = ..., fax: _Optional[str] = ..., mailing_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., lead_source: _Optional[str] = ..., description: _Optional[str] = ..., extra: _Optional[_Mapping[str, str]] = ...) -> None: ...

class LeadConverted(_message.Message):
    __slots__ = ("lead_id", "opportunity_id", "account_id", "contact_id", "existing_account_id", "account", "contact", "owner_id", "campaign_id", "lead_source", "opportunity_name", "opportunity_amount", "currency", "converted_by", "converted_at", "tags")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    EXISTING_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CONVERTED_BY_FIELD_NUMBER: _ClassVar[int]
    CONVERTED_AT_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    opportunity_id: str
    account_id: str
    contact_id: str
    existing_account_id: str
    account: ConvertedAccount
    contact: ConvertedContact
    owner_id: str
    campaign_id: str
    lead_source: str
    opportunity_name: str
    opportunity_amount: str
    currency: str
    converted_by: str
    converted_at: _timestamp_pb2.Timestamp
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, lead_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., existing_account_id: _Optional[str] = ..., account: _Optional[_Union[ConvertedAccount, _Mapping]] = ..., contact: _Optional[_Union[ConvertedContact, _Mapping]] = ..., owner_id: _Optional[str] = ..., campaign_id: _Optional[str] = ..., lead_source: _Optional[str] = ..., opportunity_name: _Optional[str] = ..., opportunity_amount: _Optional[str] = ..., currency: _Optional[str] = ..., converted_by: _Optional[str] = ..., converted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class OpportunityCreated(_message.Message):
    __slots__ = ("opportunity",)
    OPPORTUNITY_FIELD_NUMBER: _ClassVar[int]
    opportunity: Opportunity
    def __init__(self, opportunity: _Optional[_Union[Opportunity, _Mapping]] = ...) -> None: ...

class OpportunityStageChanged(_message.Message):
    __slots__ = ("opportunity", "previous_stage", "changed_by", "changed_at")
    OPPORTUNITY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_STAGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    opportunity: Opportunity
    previous_stage: str
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, opportunity: _Optional[_Union[Opportunity, _Mapping]] = ..., previous_stage: _Optional[str] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OpportunityWon(_message.Message):
    __slots__ = ("opportunity", "won_by", "won_at")
    OPPORTUNITY_FIELD_NUMBER: _ClassVar[int]
    WON_BY_FIELD_NUMBER: _ClassVar[int]
    WON_AT_FIELD_NUMBER: _ClassVar[int]
    opportunity: Opportunity
    won_by: str
    won_at: _timestamp_pb2.Timestamp
    def __init__(self, opportunity: _Optional[_Union[Opportunity, _Mapping]] = ..., won_by: _Optional[str] = ..., won_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OpportunityLost(_message.Message):
    __slots__ = ("opportunity", "lost_reason", "lost_by", "lost_at")
    OPPORTUNITY_FIELD_NUMBER: _ClassVar[int]
    LOST_REASON_FIELD_NUMBER: _ClassVar[int]
    LOST_BY_FIELD_NUMBER: _ClassVar[int]
    LOST_AT_FIELD_NUMBER: _ClassVar[int]
    opportunity: Opportunity
    lost_reason: str
    lost_by: str
    lost_at: _timestamp_pb2.Timestamp
    def __init__(self, opportunity: _Optional[_Union[Opportunity, _Mapping]] = ..., lost_reason: _Optional[str] = ..., lost_by: _Optional[str] = ..., lost_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Opportunity(_message.Message):
    __slots__ = ("id", "name", "account_id", "contact_id", "amount", "currency", "expected_close_date", "sales_stage", "probability", "lead_source", "campaign_id", "owner_id", "lead_id", "lost_reason", "version", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    SALES_STAGE_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    LOST_REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    account_id: str
    contact_id: str
    amount: str
    currency: str
    expected_close_date: str
    sales_stage: str
    probability: int
    lead_source: str
    campaign_id: str
    owner_id: str
    lead_id: str
    lost_reason: str
    version: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., amount: _Optional[str] = ..., currency: _Optional[str] = ..., expected_close_date: _Optional[str] = ..., sales_stage: _Optional[str] = ..., probability: _Optional[int] = ..., lead_source: _Optional[str] = ..., campaign_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., lead_id: _Optional[str] = ..., lost_reason: _Optional[str] = ..., version: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QuoteLine(_message.Message):
    __slots__ = ("line_id", "position", "product_id", "product_code", "product_name", "description", "quantity", "usage_unit", "unit_price", "discount_percent", "discount_amount", "tax_class", "tax_percent", "gross_total", "net_total", "tax_amount", "total")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    USAGE_UNIT_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TAX_CLASS_FIELD_NUMBER: _ClassVar[int]
    TAX_PERCENT_FIELD_NUMBER: _ClassVar[int]
    GROSS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    NET_TOTAL_FIELD_NUMBER: _ClassVar[int]
    TAX_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    position: int
    product_id: str
    product_code: str
    product_name: str
    description: str
    quantity: str
    usage_unit: str
    unit_price: str
    discount_percent: str
    discount_amount: str
    tax_class: str
    tax_percent: str
    gross_total: str
    net_total: str
    tax_amount: str
    total: str
    def __init__(self, line_id: _Optional[str] = ..., position: _Optional[int] = ..., product_id: _Optional[str] = ..., product_code: _Optional[str] = ..., product_name: _Optional[str] = ..., description: _Optional[str] = ..., quantity: _Optional[str] = ..., usage_unit: _Optional[str] = ..., unit_price: _Optional[str] = ..., discount_percent: _Optional[str] = ..., discount_amount: _Optional[str] = ..., tax_class: _Optional[str] = ..., tax_percent: _Optional[str] = ..., gross_total: _Optional[str] = ..., net_total: _Optional[str] = ..., tax_amount: _Optional[str] = ..., total: _Optional[str] = ...) -> None: ...

class QuoteApproved(_message.Message):
    __slots__ = ("quote_id", "number", "version", "subject", "account_id", "contact_id", "opportunity_id", "price_book_id", "currency", "billing_address", "shipping_address", "lines", "subtotal", "discount_total", "tax_total", "shipping", "adjustment", "grand_total", "payment_terms", "terms_and_conditions", "valid_until", "owner_id", "approved_by", "approved_at", "superseded_quote_ids")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
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
    TERMS_AND_CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_QUOTE_IDS_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    number: str
    version: int
    subject: str
    account_id: str
    contact_id: str
    opportunity_id: str
    price_book_id: str
    currency: str
    billing_address: SalesAddress
    shipping_address: SalesAddress
    lines: _containers.RepeatedCompositeFieldContainer[QuoteLine]
    subtotal: str
    discount_total: str
    tax_total: str
    shipping: str
    adjustment: str
    grand_total: str
    payment_terms: str
    terms_and_conditions: str
    valid_until: str
    owner_id: str
    approved_by: str
    approved_at: _timestamp_pb2.Timestamp
    superseded_quote_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, quote_id: _Optional[str] = ..., number: _Optional[str] = ..., version: _Optional[int] = ..., subject: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., price_book_id: _Optional[str] = ..., currency: _Optional[str] = ..., billing_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[QuoteLine, _Mapping]]] = ..., subtotal: _Optional[str] = ..., discount_total: _Optional[str] = ..., tax_total: _Optional[str] = ..., shipping: _Optional[str] = ..., adjustment: _Optional[str] = ..., grand_total: _Optional[str] = ..., payment_terms: _Optional[str] = ..., terms_and_conditions: _Optional[str] = ..., valid_until: _Optional[str] = ..., owner_id: _Optional[str] = ..., approved_by: _Optional[str] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., superseded_quote_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class OrderCreated(_message.Message):
    __slots__ = ("order_id", "number", "status", "quote_id", "quote_number", "account_id", "contact_id", "opportunity_id", "currency", "billing_address", "shipping_address", "lines", "subtotal", "discount_total", "tax_total", "shipping", "adjustment", "grand_total", "payment_terms", "due_date", "recurring_frequency", "owner_id", "created_by", "created_at")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
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
    RECURRING_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    number: str
    status: str
    quote_id: str
    quote_number: str
    account_id: str
    contact_id: str
    opportunity_id: str
    currency: str
    billing_address: SalesAddress
    shipping_address: SalesAddress
    lines: _containers.RepeatedCompositeFieldContainer[QuoteLine]
    subtotal: str
    discount_total: str
    tax_total: str
    shipping: str
    adjustment: str
    grand_total: str
    payment_terms: str
    due_date: str
    recurring_frequency: str
    owner_id: str
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, order_id: _Optional[str] = ..., number: _Optional[str] = ..., status: _Optional[str] = ..., quote_id: _Optional[str] = ..., quote_number: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., currency: _Optional[str] = ..., billing_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., shipping_address: _Optional[_Union[SalesAddress, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[QuoteLine, _Mapping]]] = ..., subtotal: _Optional[str] = ..., discount_total: _Optional[str] = ..., tax_total: _Optional[str] = ..., shipping: _Optional[str] = ..., adjustment: _Optional[str] = ..., grand_total: _Optional[str] = ..., payment_terms: _Optional[str] = ..., due_date: _Optional[str] = ..., recurring_frequency: _Optional[str] = ..., owner_id: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
