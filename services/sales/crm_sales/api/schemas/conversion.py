"""Lead conversion and the conversion mapping: bodies and answers."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from crm_chassis.http import Schema
from crm_sales.api.schemas.parts import DECIMAL
from crm_sales.domain.commands import ConvertLead
from crm_sales.domain.conversion import MappingRow
from crm_sales.domain.opportunities import OpportunityFields


class OpportunityOptions(Schema):
    name: str | None = Field(None, max_length=255)
    amount: str | None = Field(None, pattern=DECIMAL)
    currency: str | None = Field(None, min_length=3, max_length=3)
    expected_close_date: date | None = None
    sales_stage: str | None = None

    def to_fields(self) -> OpportunityFields:
        return OpportunityFields(**self.model_dump())


class ConvertBody(Schema):
    account_id: UUID | None = Field(None, description="Use this existing account")
    create_new_account: bool = Field(False, description="Never reuse a matching account")
    contact_id: UUID | None = Field(None, description="Use this existing contact")
    create_new_contact: bool = Field(False, description="Never reuse a matching contact")
    create_opportunity: bool = True
    owner_id: UUID | None = None
    opportunity: OpportunityOptions | None = None

    def to_command(self, lead_id: UUID, token: str | None) -> ConvertLead:
        return ConvertLead(
            lead_id,
            account_id=self.account_id,
            create_new_account=self.create_new_account,
            contact_id=self.contact_id,
            create_new_contact=self.create_new_contact,
            create_opportunity=self.create_opportunity,
            owner_id=self.owner_id,
            opportunity=self.opportunity.to_fields() if self.opportunity else OpportunityFields(),
            token=token,
        )


class ConversionOut(Schema):
    lead_id: UUID
    opportunity_id: UUID | None
    account_id: UUID
    contact_id: UUID
    existing_account: bool
    existing_contact: bool
    converted_at: datetime


class MappingRowIn(Schema):
    lead_field: str
    account_field: str | None = None
    contact_field: str | None = None
    opportunity_field: str | None = None

    def to_row(self) -> MappingRow:
        return MappingRow(**self.model_dump())


class MappingBody(Schema):
    rows: list[MappingRowIn] = Field(max_length=200)


class MappingRowOut(Schema):
    lead_field: str
    account_field: str | None
    contact_field: str | None
    opportunity_field: str | None


class MappingOut(Schema):
    rows: list[MappingRowOut]
