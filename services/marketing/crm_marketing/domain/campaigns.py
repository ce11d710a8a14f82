"""The campaign aggregate: a marketing action with its dates, money and a declared status.

The status moves only along ``CAMPAIGN_STATUS`` (vtiger's statuses): a change the table does
not list is a 409 naming the current status and the allowed next ones. Completed and
Cancelled are final; an explicit reopen with a reason brings them back (Completed to Active,
Cancelled to Planning), since a campaign is sometimes extended after it was closed.
Money fields (budget, actual cost, expected revenue) are in the campaign's one currency and
rounded to its minor unit; ROI reads the actual cost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Checker, search_text, text
from crm_chassis.money import check_places, round_money
from crm_chassis.states import StateMachine
from crm_marketing.domain import events as ev
from crm_marketing.domain.campaign_members import CampaignMember
from crm_marketing.domain.picklists import CAMPAIGN_TYPES, DEFAULT_CURRENCY, EXPECTED_RESPONSES

PLANNING = "Planning"
ACTIVE = "Active"
INACTIVE = "Inactive"
COMPLETED = "Completed"
CANCELLED = "Cancelled"

#: Planning starts; Active and Inactive pause and resume; Completed and Cancelled are final
#: (reopened only explicitly, with a reason).
CAMPAIGN_STATUS = StateMachine(
    name="campaign",
    initial=PLANNING,
    transitions={
        PLANNING: frozenset({ACTIVE, CANCELLED}),
        ACTIVE: frozenset({INACTIVE, COMPLETED, CANCELLED}),
        INACTIVE: frozenset({ACTIVE, COMPLETED, CANCELLED}),
        COMPLETED: frozenset(),
        CANCELLED: frozenset(),
    },
    reopen={COMPLETED: frozenset({ACTIVE}), CANCELLED: frozenset({PLANNING})},
)

EDITABLE = (
    "name",
    "campaign_type",
    "start_date",
    "end_date",
    "currency",
    "budget",
    "actual_cost",
    "expected_revenue",
    "expected_response",
    "expected_response_count",
    "target_audience",
    "target_size",
    "sponsor",
    "description",
    "owner_id",
)
MONEY_FIELDS = ("budget", "actual_cost", "expected_revenue")
SHORT_TEXT = 255
LONG_TEXT = 32_000
MAX_AMOUNT = Decimal("1000000000000")


@dataclass(frozen=True)
class CampaignFields:
    """A campaign's editable fields, as given (absent ones None) or as checked."""

    name: str | None = None
    campaign_type: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    currency: str | None = None
    budget: Decimal | None = None
    actual_cost: Decimal | None = None
    expected_revenue: Decimal | None = None
    expected_response: str | None = None
    expected_response_count: int | None = None
    target_audience: str | None = None
    target_size: int | None = None
    sponsor: str | None = None
    description: str | None = None
    owner_id: UUID | None = None


@dataclass
class Campaign:
    id: UUID
    name: str
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    created_by: UUID | None = None
    campaign_type: str | None = None
    status: str = PLANNING
    start_date: date | None = None
    end_date: date | None = None
    currency: str = DEFAULT_CURRENCY
    budget: Decimal | None = None
    actual_cost: Decimal | None = None
    expected_revenue: Decimal | None = None
    expected_response: str | None = None
    expected_response_count: int | None = None
    target_audience: str | None = None
    target_size: int | None = None
    sponsor: str | None = None
    description: str | None = None
    deleted_at: datetime | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(
        cls, *, id: UUID, now: datetime, created_by: UUID | None, fields: CampaignFields
    ) -> Campaign:
        """A new campaign in Planning (422 naming every bad field)."""
        checked = clean_campaign(fields)
        assert checked.name and checked.owner_id
        campaign = cls(
            id=id,
            name=checked.name,
            owner_id=checked.owner_id,
            created_at=now,
            updated_at=now,
            created_by=created_by,
        )
        campaign.take_on(checked)
        campaign.events.append(ev.CampaignCreated(campaign=campaign))
        return campaign

    def update(
        self,
        changes: CampaignFields,
        sent: Collection[str],
        *,
        now: datetime,
        expected_version: int | None = None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields (412 when the version moved on); return the changed."""
        self.check_version(expected_version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        current = CampaignFields(**{f: getattr(self, f) for f in EDITABLE})
        merged = dataclasses.replace(current, **{n: getattr(changes, n) for n in sent})
        changed = self.take_on(clean_campaign(merged))
        if changed:
            self._touch(now)
            self.events.append(ev.CampaignUpdated(campaign=self, changed=changed))
        return changed

    def change_status(
        self,
        target: str,
        *,
        now: datetime,
        by: str,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> bool:
        """Move along CAMPAIGN_STATUS (a final status only by reopen, with a reason)."""
        self.check_version(expected_version)
        CAMPAIGN_STATUS.check_known(target)
        if target == self.status:
            return False
        if self.status in CAMPAIGN_STATUS.terminal:
            CAMPAIGN_STATUS.check_reopen(self.status, target, reason)
        else:
            CAMPAIGN_STATUS.check(self.status, target)
        previous, self.status = self.status, target
        self._touch(now)
        self.events.append(
            ev.CampaignStatusChanged(
                campaign=self,
                from_status=previous,
                to_status=target,
                reason=text(reason),
                by=by,
                at=now,
            )
        )
        return True

    def delete(self, *, now: datetime, expected_version: int | None = None) -> None:
        """Soft delete: ROI history and syncing readers (updated_since) still see the id."""
        self.check_version(expected_version)
        self.deleted_at = now
        self._touch(now)
        self.events.append(ev.CampaignDeleted(campaign=self, at=now))

    def member_added(self, member: CampaignMember) -> None:
        """Announce a new member (the member row itself is the repository's)."""
        self.events.append(ev.CampaignMemberAdded(campaign=self, member=member))

    def member_removed(self, member: CampaignMember, *, now: datetime) -> None:
        self.events.append(ev.CampaignMemberRemoved(campaign=self, member=member, at=now))

    def check_version(self, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)

    def take_on(self, checked: CampaignFields) -> tuple[str, ...]:
        """Set checked fields; return the names of those that changed."""
        changed = tuple(n for n in EDITABLE if getattr(self, n) != getattr(checked, n))
        for name in changed:
            setattr(self, name, getattr(checked, name))
        return changed

    def _touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def search_text(self) -> str:
        return search_text(self.name, self.target_audience, self.sponsor).lower()


def clean_campaign(fields: CampaignFields) -> CampaignFields:
    """Check a campaign's fields (422 naming every bad one); texts trimmed, blanks None."""
    check = Checker()
    name = check.text("name", fields.name, required=True, max_length=SHORT_TEXT)
    texts = {
        n: check.text(n, getattr(fields, n), max_length=SHORT_TEXT)
        for n in ("target_audience", "sponsor")
    }
    description = check.text("description", fields.description, max_length=LONG_TEXT)
    check.pick("campaign_type", text(fields.campaign_type), CAMPAIGN_TYPES)
    check.pick("expected_response", text(fields.expected_response), EXPECTED_RESPONSES)
    check.required("owner_id", fields.owner_id)
    start = check.date("start_date", fields.start_date)
    end = check.date("end_date", fields.end_date)
    if start and end and end < start:
        check.add("end_date", "must not be before start_date")
    currency = check.currency("currency", fields.currency or DEFAULT_CURRENCY)
    amounts = {
        n: check.decimal(n, getattr(fields, n), minimum=Decimal(0), maximum=MAX_AMOUNT)
        for n in MONEY_FIELDS
    }
    for n, amount in amounts.items():
        if amount is not None and currency:
            check_places(check, n, amount, currency)
    counts = {
        n: check.integer(n, getattr(fields, n), minimum=0)
        for n in ("expected_response_count", "target_size")
    }
    check.raise_if_any()
    assert currency
    rounded = {n: None if a is None else round_money(a, currency) for n, a in amounts.items()}
    return dataclasses.replace(
        fields,
        name=name,
        description=description,
        campaign_type=text(fields.campaign_type),
        expected_response=text(fields.expected_response),
        start_date=start,
        end_date=end,
        currency=currency,
        **texts,
        **rounded,
        **counts,
    )
