"""Lead and prospect bodies, queries and answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import AddressIn, AddressOut, ListQuery, MoneyIn, MoneyOut, Schema
from crm_sales.api.schemas.parts import DECIMAL, Body, Record
from crm_sales.domain.lead_fields import LeadFields


class _LeadFields(Body):
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
    budget: str | None = Field(None, pattern=DECIMAL)
    potential_value: str | None = Field(None, pattern=DECIMAL)
    email_opt_out: bool = Field(False, description="No marketing e-mail")
    do_not_contact: bool = Field(False, description="Never contacted by marketing")

    def to_fields(self) -> LeadFields:
        values = self.model_dump(exclude={"annual_revenue", "address", "tags", "auto_assign"})
        return LeadFields(
            **values,
            annual_revenue=self.annual_revenue.to_money() if self.annual_revenue else None,
            address=self.address.to_address() if self.address else None,
            tags=tuple(self.tags or ()),
        )

    @property
    def sent(self) -> frozenset[str]:
        # Revenue sets its currency too, so field access judges both.
        given = super().sent
        return given | {"annual_revenue_currency"} if "annual_revenue" in given else given


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
    do_not_contact: bool | None = None


class AssignBody(Schema):
    owner_id: UUID | None = Field(None, description="User or group; null: apply the rules")


class QualifyBody(Schema):
    interest_level: str | None = None
    budget: str | None = Field(None, pattern=DECIMAL)
    potential_value: str | None = Field(None, pattern=DECIMAL)


class ImportBody(Schema):
    csv: str = Field(min_length=1, max_length=5_000_000)
    mapping: dict[str, str] = Field(
        default_factory=dict, description="CSV column -> lead field; default: same name"
    )
    dry_run: bool = False


class ScorePartOut(Schema):
    rule_id: UUID
    name: str
    points: int


class LeadOut(Record):
    id: UUID = Field(None)
    last_name: str = Field(None)
    full_name: str = Field(None)
    salutation: str | None = None
    first_name: str | None = None
    company: str | None = None
    title: str | None = None
    email: str | None = None
    secondary_email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    fax: str | None = None
    website: str | None = None
    industry: str | None = None
    annual_revenue: MoneyOut | None = None
    employees: int | None = None
    lead_source: str | None = None
    lead_status: str = Field(None)
    rating: str | None = None
    address: AddressOut | None = None
    description: str | None = None
    owner_id: UUID | None = None
    campaign_id: UUID | None = None
    product_interest: str | None = None
    tags: list[str] = Field(None)
    email_opt_out: bool = Field(None)
    do_not_contact: bool = Field(None)
    score: int = Field(None)
    score_breakdown: list[ScorePartOut] = Field(
        None, description="Which scoring rule added how many points (score is their sum)"
    )
    is_prospect: bool = Field(None)
    interest_level: str | None = None
    budget: Decimal | None = None
    potential_value: Decimal | None = None
    qualified_at: datetime | None = None
    next_follow_up: date | None = None
    possible_duplicate: bool = Field(None)
    duplicate_of: UUID | None = None
    origin: str = Field(None, description="api, import or web_form")
    last_touched_at: datetime | None = None
    converted: bool = Field(None)
    converted_at: datetime | None = None
    converted_by: str | None = None
    opportunity_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)


class StatusChangeOut(Schema):
    """A status change; both statuses are left out when lead_status is hidden."""

    from_status: str | None = None
    to_status: str = Field(None)
    changed_by: str
    changed_at: datetime
    reason: str | None = None


class ReopenBody(Schema):
    lead_status: str = Field(min_length=1, max_length=50)
    reason: str = Field(min_length=1, max_length=500)


class StaleCheckOut(Schema):
    stale: int = Field(description="Leads found stale (each raised sales.lead.stale.v1)")


class RowErrorOut(Schema):
    field: str
    message: str


class RejectedRowOut(Schema):
    line: int = Field(description="Line of the CSV (1 is the header)")
    errors: list[RowErrorOut]


class ImportReportOut(Schema):
    dry_run: bool
    total: int
    accepted: int
    rejected: list[RejectedRowOut]
    created_ids: list[UUID]
