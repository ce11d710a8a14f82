"""The lead aggregate: capture, tracking (status history, follow-up), qualification, conversion.

A converted lead is read-only: it keeps pointing at the opportunity, account and contact it
became, and every change after conversion is a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text, to_decimal
from crm_chassis.money import Money
from crm_sales.domain import events
from crm_sales.domain.conversion import Conversion, MappedValue
from crm_sales.domain.errors import LeadAlreadyConverted
from crm_sales.domain.lead_fields import DEFAULT_STATUS, DETAILS, LeadFields, check_lead
from crm_sales.domain.lead_status import (
    PROSPECT_OPEN,
    QUALIFIED,
    check_change,
    status_machine,
)
from crm_sales.domain.opportunities import OpportunityFields
from crm_sales.domain.picklists import INTEREST_LEVELS
from crm_sales.domain.pricing import Number
from crm_sales.domain.websites import web_domain

ZERO = Decimal(0)


@dataclass(frozen=True)
class StatusChange:
    from_status: str | None
    to_status: str
    by: str
    at: datetime
    reason: str | None = None


@dataclass
class Lead:
    id: UUID
    last_name: str
    created_at: datetime
    updated_at: datetime
    owner_id: UUID | None = None
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
    annual_revenue: Decimal | None = None
    annual_revenue_currency: str | None = None
    employees: int | None = None
    lead_source: str | None = None
    lead_status: str = DEFAULT_STATUS
    rating: str | None = None
    address: Address | None = None
    description: str | None = None
    campaign_id: UUID | None = None
    product_interest: str | None = None
    tags: tuple[str, ...] = ()
    email_opt_out: bool = False
    do_not_contact: bool = False
    score: int = 0
    # Which scoring rule added what (score is their sum), and the scoring version used.
    score_breakdown: tuple[dict[str, Any], ...] = ()
    scored_version: int = 0
    is_prospect: bool = False
    interest_level: str | None = None
    budget: Decimal | None = None
    potential_value: Decimal | None = None
    qualified_at: datetime | None = None
    next_follow_up: date | None = None
    possible_duplicate: bool = False
    duplicate_of: UUID | None = None
    origin: str = "api"
    source_ref: str | None = None
    last_touched_at: datetime | None = None
    stale_notified_at: datetime | None = None
    converted: bool = False
    converted_at: datetime | None = None
    converted_by: str | None = None
    opportunity_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)
    history: list[StatusChange] = field(default_factory=list, compare=False, repr=False)

    # -- derived ---------------------------------------------------------------------------

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def email_lc(self) -> str | None:
        return self.email.lower() if self.email else None

    @property
    def name_key(self) -> str:
        """Same name and company: the second duplicate rule."""
        return f"{self.full_name.lower()}|{(self.company or '').strip().lower()}"

    @property
    def domain(self) -> str | None:
        return web_domain(self.website, self.email)

    @property
    def search_text(self) -> str:
        # Parts joined by spaces (what the stored texts and their index were built with), so
        # "ada lovelace" finds a lead across its first and last name.
        return search_text(
            self.first_name,
            self.last_name,
            self.company,
            self.email,
            self.phone,
            self.mobile,
            self.website,
            separator=" ",
        )

    def as_fields(self) -> LeadFields:
        """The lead's current fields, as a caller would give them."""
        revenue = None
        if self.annual_revenue is not None:
            revenue = Money(self.annual_revenue, self.annual_revenue_currency or "EUR")
        current = {n: getattr(self, n) for n in DETAILS if n != "annual_revenue"}
        return LeadFields(**current, annual_revenue=revenue, owner_id=self.owner_id)

    def snapshot(self) -> Lead:
        return replace(self, events=[], history=[])

    # -- commands ---------------------------------------------------------------------------

    @classmethod
    def capture(
        cls,
        *,
        id: UUID,
        owner_id: UUID | None,
        now: datetime,
        by: str,
        origin: str,
        fields: LeadFields,
        source_ref: str | None = None,
        find_duplicate: Callable[[Lead], UUID | None] | None = None,
    ) -> Lead:
        """Build a new lead (API, import or web form), flag a duplicate; record LeadCreated."""
        checked = check_lead(fields)
        lead = cls(
            id=id,
            last_name=checked.last_name or "",
            created_at=now,
            updated_at=now,
            owner_id=owner_id,
            origin=origin,
            source_ref=source_ref,
            last_touched_at=now,
        )
        lead._take(checked)
        if lead.lead_status == QUALIFIED:
            lead.is_prospect, lead.qualified_at = True, now
        duplicate = find_duplicate(lead) if find_duplicate is not None else None
        lead.possible_duplicate, lead.duplicate_of = duplicate is not None, duplicate
        lead.history.append(StatusChange(None, lead.lead_status, by, now))
        lead.events.append(events.LeadCreated(lead=lead.snapshot(), origin=origin))
        return lead

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def ensure_open(self) -> None:
        if self.converted:
            raise LeadAlreadyConverted(self.id)

    def update(
        self,
        fields: LeadFields,
        sent: Collection[str],
        *,
        now: datetime,
        by: str,
        expected_version: int | None,
    ) -> list[str]:
        """Change the ``sent`` fields; record status history; return the changed names."""
        self.expect_version(expected_version)
        self.ensure_open()
        names = {n for n in sent if n in DETAILS}
        wanted = replace(self.as_fields(), **{n: getattr(fields, n) for n in names})
        old_status = self.lead_status
        checked = check_lead(wanted)
        if checked.lead_status != old_status:
            check_change(self.is_prospect, old_status, checked.lead_status or "")
        changed = self._take(checked)
        if "lead_status" in changed:
            self.history.append(StatusChange(old_status, self.lead_status, by, now))
            if self.lead_status == QUALIFIED and not self.is_prospect:
                self.is_prospect, self.qualified_at = True, self.qualified_at or now
        if changed:
            self.touch(now)
        return changed

    def _take(self, checked: LeadFields) -> list[str]:
        """Set the lead's attributes from checked fields; return the names that changed."""
        values = {n: getattr(checked, n) for n in DETAILS if n != "annual_revenue"}
        revenue = checked.annual_revenue
        values["annual_revenue"] = revenue.amount if revenue else None
        values["annual_revenue_currency"] = revenue.currency if revenue else None
        changed = [n for n, v in values.items() if getattr(self, n) != v]
        for name in changed:
            setattr(self, name, values[name])
        return changed

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.last_touched_at = now
        self.stale_notified_at = None
        self.version += 1

    def assign(
        self,
        owner_id: UUID | None,
        *,
        now: datetime,
        by: str,
        reason: str,
        rule_id: UUID | None = None,
    ) -> bool:
        """Give the lead to a user or group; record LeadAssigned. False when unchanged."""
        self.ensure_open()
        if owner_id == self.owner_id:
            return False
        previous, self.owner_id = self.owner_id, owner_id
        self.touch(now)
        self._assigned(previous, reason, rule_id, by, now)
        return True

    def assign_new(
        self, owner_id: UUID, *, by: str, reason: str, rule_id: UUID | None = None
    ) -> None:
        """A rule (or the fallback) gives a lead being captured its owner (no change of
        version: it is new)."""
        previous, self.owner_id = self.owner_id, owner_id
        self._assigned(previous, reason, rule_id, by, self.created_at)

    def _assigned(
        self, previous: UUID | None, reason: str, rule_id: UUID | None, by: str, at: datetime
    ) -> None:
        self.events.append(
            events.LeadAssigned(
                lead_id=self.id,
                owner_id=self.owner_id,
                previous_owner_id=previous,
                reason=reason,
                rule_id=rule_id,
                by=by,
                at=at,
            )
        )

    def rescore(self, parts: tuple[dict[str, Any], ...], version: int) -> None:
        """Score the lead: the sum of ``parts`` (scoring.breakdown), with rules ``version``."""
        self.score_breakdown = parts
        self.score = sum(int(p["points"]) for p in parts)
        self.scored_version = version

    def qualify(
        self,
        *,
        interest_level: str | None,
        budget: Number | None,
        potential_value: Number | None,
        now: datetime,
        by: str,
    ) -> None:
        """Make the lead a prospect (status Qualified) with interest, budget and value."""
        self.ensure_open()
        check = Checker()
        interest = check.pick("interest_level", text(interest_level), INTEREST_LEVELS)
        budget = check.decimal("budget", budget, minimum=ZERO)
        value = check.decimal("potential_value", potential_value, minimum=ZERO)
        check.raise_if_any()
        rated = self.is_prospect and self.lead_status in PROSPECT_OPEN
        moving = self.lead_status != QUALIFIED and not rated
        if moving:
            check_change(self.is_prospect, self.lead_status, QUALIFIED)
        self.is_prospect = True
        self.qualified_at = self.qualified_at or now
        self.interest_level = interest or self.interest_level
        self.budget = budget if budget is not None else self.budget
        self.potential_value = value if value is not None else self.potential_value
        if moving:
            self.history.append(StatusChange(self.lead_status, QUALIFIED, by, now))
            self.lead_status = QUALIFIED
        self.touch(now)

    def reopen(self, status: str, *, reason: str | None, now: datetime, by: str) -> None:
        """Take a lost or junk lead (or prospect) back into its flow, with a reason."""
        self.ensure_open()
        status_machine(self.is_prospect).check_reopen(self.lead_status, status, reason)
        self.history.append(StatusChange(self.lead_status, status, by, now, text(reason)))
        self.lead_status = status
        self.touch(now)

    def mark_stale(self, now: datetime) -> None:
        """Record LeadStale once per quiet spell (touching the lead starts a new one)."""
        assert self.last_touched_at is not None
        self.stale_notified_at = now
        self.version += 1
        self.events.append(
            events.LeadStale(
                lead_id=self.id,
                owner_id=self.owner_id,
                last_touched_at=self.last_touched_at,
                at=now,
            )
        )

    def convert(
        self,
        *,
        conversion: Conversion,
        account: Mapping[str, MappedValue],
        contact: Mapping[str, MappedValue],
        opportunity: OpportunityFields,
        owner_id: UUID | None,
        by: str,
    ) -> None:
        """Mark the lead converted, pointing at what it became; record LeadConverted."""
        self.ensure_open()
        now = conversion.converted_at
        self.converted, self.converted_at, self.converted_by = True, now, by
        self.opportunity_id = conversion.opportunity_id
        self.account_id, self.contact_id = conversion.account_id, conversion.contact_id
        self.updated_at = now
        self.version += 1
        self.events.append(
            events.LeadConverted(
                lead_id=self.id,
                opportunity_id=conversion.opportunity_id,
                account_id=conversion.account_id,
                contact_id=conversion.contact_id,
                existing_account_id=conversion.account_id if conversion.existing_account else None,
                account=account,
                contact=contact,
                opportunity_name=text(opportunity.name),
                opportunity_amount=to_decimal(opportunity.amount),
                currency=text(opportunity.currency) or self.annual_revenue_currency,
                owner_id=owner_id,
                campaign_id=self.campaign_id,
                lead_source=self.lead_source,
                tags=self.tags,
                by=by,
                at=now,
            )
        )
