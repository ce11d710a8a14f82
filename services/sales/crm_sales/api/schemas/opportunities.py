"""Opportunity bodies, queries and answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, MoneyIn, MoneyOut, Schema
from crm_sales.api.schemas.parts import Body, Record
from crm_sales.domain.opportunities import OpportunityFields


class _OpportunityFields(Body):
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

    def to_fields(self) -> OpportunityFields:
        values = self.model_dump(exclude={"amount"})
        if self.amount is None:
            return OpportunityFields(**values)
        return OpportunityFields(
            **values, amount=self.amount.amount, currency=self.amount.currency.upper()
        )

    @property
    def sent(self) -> frozenset[str]:
        # An amount sets the currency too, so field access judges both.
        return super().sent | ({"currency"} if self.amount is not None else set())


class OpportunityCreate(_OpportunityFields):
    name: str = Field(min_length=1, max_length=255)


class OpportunityPatch(_OpportunityFields):
    name: str | None = Field(None, min_length=1, max_length=255)


class OpportunityReopen(Schema):
    sales_stage: str = Field(min_length=1, max_length=50)
    reason: str = Field(min_length=1, max_length=500)


class OpportunityListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    sales_stage: str | None = None
    lead_source: str | None = None
    campaign_id: UUID | None = None
    lead_id: UUID | None = None


class OpportunityOut(Record):
    id: UUID = Field(None)
    name: str = Field(None)
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    amount: MoneyOut | None = None
    currency: str = Field(None)
    expected_close_date: date | None = None
    sales_stage: str = Field(None)
    probability: int = Field(None)
    opportunity_type: str | None = None
    next_step: str | None = None
    lead_source: str | None = None
    campaign_id: UUID | None = None
    lead_id: UUID | None = None
    lost_reason: str | None = None
    description: str | None = None
    closed_at: datetime | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)


class StageChangeOut(Schema):
    """A stage change; a field hidden from the caller (stage, amount, probability) is left out."""

    from_stage: str | None = None
    to_stage: str = Field(None)
    amount: Decimal | None = None
    probability: int = Field(None)
    changed_by: str
    changed_at: datetime
    reason: str | None = None
