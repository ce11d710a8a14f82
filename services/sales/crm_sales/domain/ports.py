"""Ports the use cases need from other services (implemented in adapters/)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from crm_chassis.fields import Address


@dataclass(frozen=True)
class Account:
    """A contacts account as sales needs it: its name and addresses."""

    id: UUID
    name: str
    billing_address: Address | None = None
    shipping_address: Address | None = None


@dataclass(frozen=True)
class ContactRef:
    """A contacts contact as sales' reference checks need it: which account it belongs to."""

    id: UUID
    account_id: UUID | None = None


@dataclass(frozen=True)
class LeadConversionRequest:
    """What sales asks contacts when it converts a lead (contacts' ConvertLead)."""

    lead_id: UUID
    owner_id: UUID
    account: Mapping[str, Any]
    contact: Mapping[str, Any]
    website: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    account_id: UUID | None = None
    create_new_account: bool = False
    contact_id: UUID | None = None
    create_new_contact: bool = False
    duplicate_contact_id: UUID | None = None


@dataclass(frozen=True)
class LeadConversionAnswer:
    """Where contacts put the lead: its account and contact, and whether they existed."""

    account_id: UUID
    contact_id: UUID
    existing_account: bool
    existing_contact: bool


class AccountDirectory(Protocol):
    """contacts' accounts and contacts, asked synchronously (gRPC) with the caller's token
    (``token``): one may refer only to what one may see, and contacts applies the caller's
    rights to what a conversion creates."""

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        """The account (a merged-away id: its survivor), or None when missing or invisible."""

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None:
        """The contact, or None when it is missing or invisible."""

    def convert_lead(
        self, request: LeadConversionRequest, *, token: str | None
    ) -> LeadConversionAnswer:
        """Match or create the lead's account and contact in contacts, as the caller
        (idempotent by lead id). Unavailable when contacts does not answer."""


@dataclass(frozen=True)
class CampaignRoiLine:
    """One campaign's ROI in a period, as marketing reports it (amounts: decimal strings
    in the campaign's currency; ratios empty when their divisor is zero)."""

    campaign_id: str
    name: str
    currency: str
    actual_cost: str
    leads: int
    conversions: int
    won_opportunities: int
    won_revenue: str
    roi: str


@dataclass(frozen=True)
class MarketingRoiSummary:
    """Marketing's ROI of the campaigns the caller may see, for the KPI report."""

    campaigns: tuple[CampaignRoiLine, ...]
    #: Sums per currency over every visible campaign: currency -> decimal string.
    total_actual_cost: Mapping[str, str]
    total_won_revenue: Mapping[str, str]


class MarketingRoi(Protocol):
    """marketing's campaign ROI (gRPC ListCampaignRoi), asked with the caller's token so
    marketing applies the caller's rights. Raises ``Unavailable`` when marketing does not
    answer and ``Forbidden`` when it refuses the caller."""

    def campaign_roi(
        self, start: datetime | None, end: datetime | None, *, token: str | None
    ) -> MarketingRoiSummary: ...
