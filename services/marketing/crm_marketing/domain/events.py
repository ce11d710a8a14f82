"""Domain events: what happened in marketing, frozen dataclasses named in the past tense.

Aggregates record them (a list ``events``); the unit of work hands each to
``events/outgoing.py``, which turns the ones other services hear into versioned integration
events, written to the outbox in the same transaction as the change. Events about a whole
campaign carry a snapshot of it; the others carry exactly their facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the aggregates record these events: no import cycle at run time
    from crm_marketing.domain.campaign_members import CampaignMember
    from crm_marketing.domain.campaigns import Campaign


@dataclass(frozen=True, kw_only=True)
class CampaignCreated:
    campaign: Campaign


@dataclass(frozen=True, kw_only=True)
class CampaignUpdated:
    campaign: Campaign
    changed: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CampaignStatusChanged:
    campaign: Campaign
    from_status: str
    to_status: str
    reason: str | None
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class CampaignDeleted:
    campaign: Campaign
    at: datetime


@dataclass(frozen=True, kw_only=True)
class CampaignMemberAdded:
    campaign: Campaign
    member: CampaignMember


@dataclass(frozen=True, kw_only=True)
class CampaignMemberRemoved:
    campaign: Campaign
    member: CampaignMember
    at: datetime
