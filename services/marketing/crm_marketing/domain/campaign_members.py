"""Campaign members: leads and contacts referenced by id, each with a response status.

A member is keyed by (campaign, member type, member id): adding one twice changes nothing
(the unique key refuses a concurrent twin). Who the ids name is checked in the service
layer over gRPC with the caller's token; here are the rules on the member itself and the
summary (counts and rates per response status).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_marketing.domain.picklists import (
    CONTACTED_SUCCESSFUL,
    MEMBER_STATUSES,
    MEMBER_TYPES,
    NOT_CONTACTED,
)

#: At most this many members in one add request (the remote check is one batch call).
MAX_MEMBERS_PER_ADD = 500
RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class MemberRef:
    """Who a member is: a lead or a contact, by id."""

    member_type: str
    member_id: UUID


@dataclass
class CampaignMember:
    campaign_id: UUID
    member_type: str
    member_id: UUID
    added_at: datetime
    updated_at: datetime
    added_by: UUID | None = None
    response_status: str = NOT_CONTACTED
    #: The lead's or contact's name when it was added (lists show it without a remote call).
    display_name: str | None = None

    @property
    def ref(self) -> MemberRef:
        return MemberRef(self.member_type, self.member_id)

    def set_status(self, status: str, *, now: datetime) -> bool:
        """Change the response status (422 for a value not on the pick list)."""
        check_member_status(status)
        if status == self.response_status:
            return False
        self.response_status = status
        self.updated_at = now
        return True


def check_member_status(status: str | None, field: str = "response_status") -> str:
    if status not in MEMBER_STATUSES:
        raise InvalidFields([FieldError(field, f"must be one of: {', '.join(MEMBER_STATUSES)}")])
    return status


def check_refs(refs: Iterable[MemberRef], field: str = "members") -> tuple[MemberRef, ...]:
    """Refuse an empty or oversized batch and unknown member types; drop repeats."""
    unique = tuple(dict.fromkeys(refs))
    errors = [
        FieldError(f"{field}[{i}].type", f"must be one of: {', '.join(MEMBER_TYPES)}")
        for i, ref in enumerate(unique)
        if ref.member_type not in MEMBER_TYPES
    ]
    if not unique:
        errors.append(FieldError(field, "must name at least one lead or contact"))
    if len(unique) > MAX_MEMBERS_PER_ADD:
        errors.append(FieldError(field, f"is at most {MAX_MEMBERS_PER_ADD} per request"))
    if errors:
        raise InvalidFields(errors)
    return unique


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int
    rate: Decimal | None


@dataclass(frozen=True)
class MemberSummary:
    """Member counts per type and per response status, with rates over all members."""

    campaign_id: UUID
    total: int
    leads: int
    contacts: int
    by_status: tuple[StatusCount, ...]
    #: Members contacted at all (any status but Not Contacted) over all members.
    contacted_rate: Decimal | None
    #: Successful responses over members contacted.
    response_rate: Decimal | None


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` to four places; None when there is nothing to divide by."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def summarize(campaign_id: UUID, counts: Mapping[tuple[str, str], int]) -> MemberSummary:
    """The summary from counts keyed by (member type, response status)."""
    total = sum(counts.values())
    per_status = {s: 0 for s in MEMBER_STATUSES}
    per_type = {t: 0 for t in MEMBER_TYPES}
    for (member_type, status), n in counts.items():
        per_status[status] = per_status.get(status, 0) + n
        per_type[member_type] = per_type.get(member_type, 0) + n
    contacted = total - per_status[NOT_CONTACTED]
    return MemberSummary(
        campaign_id=campaign_id,
        total=total,
        leads=per_type["lead"],
        contacts=per_type["contact"],
        by_status=tuple(StatusCount(s, n, rate(n, total)) for s, n in per_status.items()),
        contacted_rate=rate(contacted, total),
        response_rate=rate(per_status[CONTACTED_SUCCESSFUL], contacted),
    )
