"""Commands: what callers ask, one frozen dataclass each, named in the imperative.

Each subclasses ``crm_chassis.usecases.Command[R]``, ``R`` being what carrying it out
returns, and carries typed fields (never a ``dict[str, Any]``); a partial update names the
fields the client sent. The use case that carries it out is a function in ``service/``::

    @dataclass(frozen=True)
    class OpenTicket(Command[Ticket]):
        subject: str
        account_id: UUID | None = None
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_marketing.domain.campaign_members import CampaignMember, MemberRef, MemberSummary
from crm_marketing.domain.campaigns import Campaign, CampaignFields


@dataclass(frozen=True)
class CreateCampaign(Command[Campaign]):
    """A new campaign in Planning; ``owner_id`` defaults to the caller."""

    fields: CampaignFields


@dataclass(frozen=True)
class UpdateCampaign(Command[Campaign]):
    """Change the ``sent`` fields; ``status`` moves along CAMPAIGN_STATUS (reopen: reason)."""

    campaign_id: UUID
    fields: CampaignFields
    sent: frozenset[str]
    status: str | None = None
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteCampaign(Command[None]):
    campaign_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class AddCampaignMembers(Command[tuple[CampaignMember, ...]]):
    """Add leads and contacts (checked over gRPC with the caller's ``token``); members
    already there are kept as they are. Returns every named member."""

    campaign_id: UUID
    members: tuple[MemberRef, ...]
    response_status: str | None = None
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RemoveCampaignMember(Command[None]):
    campaign_id: UUID
    member: MemberRef


@dataclass(frozen=True)
class SetMemberStatus(Command[CampaignMember]):
    campaign_id: UUID
    member: MemberRef
    response_status: str


@dataclass(frozen=True)
class SummarizeMembers(Command[MemberSummary]):
    campaign_id: UUID
