"""Request bodies and query parameters; pydantic checks shapes, the domain checks rules.

Amounts are decimal strings ("1250.00"); JSON numbers are accepted for quantities and
percentages and read exactly as written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema

_DECIMAL = r"^-?[0-9]{1,16}(\.[0-9]{1,6})?$"
Amount = str
Num = Decimal | str


class AddressIn(Schema):
    street: str | None = Field(None, max_length=500)
    city: str | None = Field(None, max_length=200)
    state: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=50)
    country: str | None = Field(None, max_length=100)


class MoneyIn(Schema):
    amount: str = Field(pattern=_DECIMAL, description='Decimal string, e.g. "1250.00"')
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code")


class _LeadFields(Schema):
    salutation: str | None = Field(None, max_length=20)
    first_name: str | None = Field(None, max_length=100)
    company: str | None = Field(None, max_length=255)
    title: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=320)
    secondary_email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)
    mobile: str | None = Field(None, max_length=50)
    fax: str | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=500)
    industry: str | None = Field(None, max_length=50, description="Pick list: industry")
    annual_revenue: MoneyIn | None = None
    employees: int | None = Field(None, ge=0, le=100_000_000)
    lead_source: str | None = Field(None, max_length=50, description="Pick list: lead source")
    lead_status: str | None = Field(None, max_length=50, description="Pick list: lead status")
    rating: str | None = Field(None, max_length=50)
    address: AddressIn | None = None
    description: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = Field(None, description="User or group; default: the caller")
    campaign_id: UUID | None = None
    product_interest: str | None = Field(None, max_length=200)
    tags: list[str] | None = Field(None, max_length=50)
    next_follow_up: date | None = None
    interest_level: str | None = Field(None, max_length=20)
    budget: str | None = Field(None, pattern=_DECIMAL)
    potential_value: str | None = Field(None, pattern=_DECIMAL)


class LeadCreate(_LeadFields):
    last_name: str = Field(min_length=1, max_length=100)
    auto_assign: bool = Field(False, description="Let the assignment rules pick the owner")


class LeadPatch(_LeadFields):
    last_name: str | None = Field(None, min_length=1, max_length=100)


class LeadListQuery(ListQuery):
    owner_id: UUID | None = None
    lead_status: str | None = None
    lead_source: str | None = None
    industry: str | None = None
    rating: str | None = None
    campaign_id: UUID | None = None
    converted: bool | None = None
    is_prospect: bool | None = None
    possible_duplicate: bool | None = None
    interest_level: str | None = None
    email: str | None = None
    tag: str | None = None
    min_score: int | None = None


class AssignBody(Schema):
    owner_id: UUID | None = Field(None, description="User or group; null: apply the rules")


class QualifyBody(Schema):
    interest_level: str | None = None
    budget: str | None = Field(None, pattern=_DECIMAL)
    potential_value: str | None = Field(None, pattern=_DECIMAL)


class OpportunityOptions(Schema):
    name: str | None = Field(None, max_length=255)
    amount: str | None = Field(None, pattern=_DECIMAL)
    currency: str | None = Field(None, min_length=3, max_length=3)
    expected_close_date: date | None = None
    sales_stage: str | None = None


class ConvertBody(Schema):
    account_id: UUID | None = Field(None, description="Use this existing account")
    create_new_account: bool = Field(False, description="Never reuse a matching account")
    create_opportunity: bool = True
    owner_id: UUID | None = None
    opportunity: OpportunityOptions | None = None


class MappingRowIn(Schema):
    lead_field: str
    account_field: str | None = None
    contact_field: str | None = None
    opportunity_field: str | None = None


class MappingBody(Schema):
    rows: list[MappingRowIn] = Field(max_length=200)


class _OpportunityFields(Schema):
    account_id: UUID | None = None
    contact_id: UUID | None = None
    amount: MoneyIn | None = None
    expected_close_date: date | None = None
    sales_stage: str | None = None
    probability: int | None = Field(None, ge=0, le=100)
    opportunity_type: str | None = None
    next_step: str | None = Field(None, max_length=500)
    lead_source: str | None = None
    campaign_id: UUID | None = None
    owner_id: UUID | None = None
    lost_reason: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=32_000)


class OpportunityCreate(_OpportunityFields):
    name: str = Field(min_length=1, max_length=255)


class OpportunityPatch(_OpportunityFields):
    name: str | None = Field(None, min_length=1, max_length=255)


class OpportunityListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    sales_stage: str | None = None
    lead_source: str | None = None
    campaign_id: UUID | None = None
    lead_id: UUID | None = None


class _ProductFields(Schema):
    category: str | None = Field(None, max_length=100)
    tax_class: str | None = None
    tax_percent: Num | None = None
    usage_unit: str | None = None
    active: bool | None = None
    vendor_ref: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=32_000)


class ProductCreate(_ProductFields):
    code: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=255)
    unit_price: str = Field(pattern=_DECIMAL)
    currency: str = Field(min_length=3, max_length=3)


class ProductPatch(_ProductFields):
    code: str | None = Field(None, min_length=1, max_length=100)
    name: str | None = Field(None, min_length=1, max_length=255)
    unit_price: str | None = Field(None, pattern=_DECIMAL)
    currency: str | None = Field(None, min_length=3, max_length=3)


class ProductListQuery(ListQuery):
    category: str | None = None
    active: bool | None = None
    currency: str | None = None
    code: str | None = None


class PriceBookCreate(Schema):
    name: str = Field(min_length=1, max_length=255)
    currency: str = Field(min_length=3, max_length=3)
    active: bool = True
    description: str | None = Field(None, max_length=32_000)


class PriceBookListQuery(ListQuery):
    currency: str | None = None
    active: bool | None = None


class ListPriceBody(Schema):
    list_price: str = Field(pattern=_DECIMAL)


class LineIn(Schema):
    product_id: UUID
    quantity: Num
    discount_percent: Num | None = None
    discount_amount: Num | None = None
    tax_percent: Num | None = None
    unit_price: Num | None = Field(None, description="Override the list price")
    description: str | None = Field(None, max_length=2000)


class _QuoteFields(Schema):
    subject: str | None = Field(None, max_length=255)
    stage: str | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = Field(None, max_length=32_000)
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    shipping: Num | None = None
    adjustment: Num | None = None
    owner_id: UUID | None = None


class QuoteCreate(_QuoteFields):
    account_id: UUID
    lines: list[LineIn] = Field(min_length=1, max_length=500)


class QuotePatch(_QuoteFields):
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=500)


class QuoteListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    product_id: UUID | None = None
    stage: str | None = None
    approval_status: str | None = None
    number: str | None = None
    include_superseded: bool = False


class OrderCreate(Schema):
    quote_id: UUID
    due_date: date | None = None
    recurring_frequency: str | None = None


class OrderPatch(Schema):
    status: str


class OrderListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    status: str | None = None
    quote_id: UUID | None = None
    number: str | None = None


class EnquiryCreate(Schema):
    account_id: UUID
    contact_id: UUID | None = None
    product_id: UUID
    enquiry_date: date | None = None
    unit_price: Num | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    quantity: Num
    discount_percent: Num | None = None
    delivery_period: str | None = Field(None, max_length=200)
    payment_terms: str | None = None
    quotation_lead_time_days: int | None = None
    delivery_point: str | None = Field(None, max_length=500)
    remarks: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = None


class EnquiryListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    product_id: UUID | None = None
    status: str | None = None


class ScoringRuleIn(Schema):
    name: str | None = Field(None, max_length=200)
    field: str
    operator: str
    value: str = Field("", max_length=1000)
    points: int = Field(ge=-1000, le=1000)
    active: bool = True


class AssignmentRuleIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    priority: int = 100
    target: str
    owner_id: UUID | None = None
    group_id: UUID | None = None
    criteria: dict[str, str] = Field(default_factory=dict)
    active: bool = True


class ImportBody(Schema):
    csv: str = Field(min_length=1, max_length=5_000_000)
    mapping: dict[str, str] = Field(
        default_factory=dict, description="CSV column -> lead field; default: same name"
    )
    dry_run: bool = False


class PeriodQuery(Schema):
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    owner_id: UUID | None = None
    format: str = Field("json", pattern="^(json|csv)$")


class ReportQuery(Schema):
    format: str = Field("json", pattern="^(json|csv)$")


def fields_of(body: Schema) -> dict[str, Any]:
    """The fields the client actually sent (a PATCH changes only those)."""
    return body.model_dump(exclude_unset=True)
