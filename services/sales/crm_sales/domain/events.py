"""Domain events, past tense, frozen and built with keywords.

``events/outgoing.py`` turns each into its versioned integration event. Events about a
whole record carry a snapshot of the aggregate (what the integration message describes);
the others carry exactly their facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:  # the aggregates record these events: no import cycle at run time
    from crm_sales.domain.conversion import MappedValue
    from crm_sales.domain.leads import Lead
    from crm_sales.domain.opportunities import Opportunity
    from crm_sales.domain.orders import SalesOrder
    from crm_sales.domain.quotes import Quote


@dataclass(frozen=True, kw_only=True)
class LeadCreated:
    lead: Lead
    origin: str


@dataclass(frozen=True, kw_only=True)
class LeadAssigned:
    lead_id: UUID
    owner_id: UUID | None
    previous_owner_id: UUID | None
    reason: str
    rule_id: UUID | None = None
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class LeadStale:
    lead_id: UUID
    owner_id: UUID | None
    last_touched_at: datetime
    at: datetime


@dataclass(frozen=True, kw_only=True)
class LeadConverted:
    """What contacts needs to create the account and contact with the ids sales chose."""

    lead_id: UUID
    opportunity_id: UUID | None
    account_id: UUID
    contact_id: UUID
    existing_account_id: UUID | None
    # Mapped by the conversion mapping: known targets and admins' own (custom) targets.
    account: Mapping[str, MappedValue]
    contact: Mapping[str, MappedValue]
    opportunity_name: str | None
    opportunity_amount: Decimal | None
    currency: str | None
    owner_id: UUID | None
    campaign_id: UUID | None
    lead_source: str | None
    tags: tuple[str, ...]
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class OpportunityCreated:
    opportunity: Opportunity


@dataclass(frozen=True, kw_only=True)
class OpportunityStageChanged:
    opportunity: Opportunity
    previous_stage: str
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class OpportunityWon:
    opportunity: Opportunity
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class OpportunityLost:
    opportunity: Opportunity
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class QuoteApproved:
    quote: Quote
    # Every earlier version of the quote (same number): billing cancels their drafts.
    superseded_quote_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OrderCreated:
    order: SalesOrder
