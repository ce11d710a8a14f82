"""The lead aggregate: capture, tracking (status history, follow-up), qualification, conversion.

A converted lead is read-only: it keeps pointing at the opportunity, account and contact it
became, and every change after conversion is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import InvalidFields, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text, to_decimal
from crm_sales.domain import events
from crm_sales.domain.errors import LeadAlreadyConverted
from crm_sales.domain.picklists import (
    INDUSTRIES,
    INTEREST_LEVELS,
    LEAD_SOURCES,
    LEAD_STATUSES,
    RATINGS,
    SALUTATIONS,
)
from crm_sales.domain.websites import web_domain

TEXT_FIELDS = (
    "salutation",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "secondary_email",
    "phone",
    "mobile",
    "fax",
    "website",
    "industry",
    "lead_source",
    "lead_status",
    "rating",
    "description",
    "product_interest",
    "annual_revenue_currency",
    "interest_level",
)
EDITABLE = (
    *TEXT_FIELDS,
    "annual_revenue",
    "employees",
    "address",
    "owner_id",
    "campaign_id",
    "tags",
    "next_follow_up",
    "budget",
    "potential_value",
)
DEFAULT_STATUS = "Not Contacted"
QUALIFIED = "Qualified"


@dataclass(frozen=True)
class StatusChange:
    from_status: str | None
    to_status: str
    by: str
    at: datetime


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
    score: int = 0
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
        fields: dict[str, Any],
        duplicate_of: UUID | None = None,
        source_ref: str | None = None,
    ) -> Lead:
        """Build a new lead (API, import or web form); record LeadCreated."""
        values = clean(fields)
        values.setdefault("lead_status", DEFAULT_STATUS)
        lead = cls(
            id=id,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            origin=origin,
            last_touched_at=now,
            possible_duplicate=duplicate_of is not None,
            duplicate_of=duplicate_of,
            source_ref=source_ref,
            **values,
        )
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
        self, changes: dict[str, Any], *, now: datetime, by: str, expected_version: int | None
    ) -> list[str]:
        """Apply a partial update; record status history; return the changed field names."""
        self.expect_version(expected_version)
        self.ensure_open()
        unknown = set(changes) - set(EDITABLE) - {"owner_id"}
        if unknown:
            raise InvalidFields([])  # pragma: no cover - schemas refuse unknown fields first
        current = {f: getattr(self, f) for f in EDITABLE if f not in ("owner_id", "campaign_id")}
        current["address"] = self.address.as_dict() if self.address else None
        merged = {
            **current,
            **{k: v for k, v in changes.items() if k not in ("owner_id", "campaign_id")},
        }
        values = clean(merged)
        changed = [k for k, v in values.items() if getattr(self, k) != v]
        old_status = self.lead_status
        for k in changed:
            setattr(self, k, values[k])
        if "campaign_id" in changes and changes["campaign_id"] != self.campaign_id:
            self.campaign_id = changes["campaign_id"]
            changed.append("campaign_id")
        if "lead_status" in changed:
            self.history.append(StatusChange(old_status, self.lead_status, by, now))
        if changed:
            self.touch(now)
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
        self.events.append(
            events.LeadAssigned(
                lead_id=self.id,
                owner_id=owner_id,
                previous_owner_id=previous,
                reason=reason,
                rule_id=rule_id,
                by=by,
                at=now,
            )
        )
        return True

    def rescore(self, score: int) -> None:
        self.score = score

    def qualify(self, fields: dict[str, Any], *, now: datetime, by: str) -> None:
        """Make the lead a prospect (status Qualified) with interest, budget and value."""
        self.ensure_open()
        check = Checker()
        interest = text(fields.get("interest_level"))
        check.pick("interest_level", interest, INTEREST_LEVELS)
        budget = check.decimal("budget", fields.get("budget"), minimum=Decimal(0))
        value = check.decimal("potential_value", fields.get("potential_value"), minimum=Decimal(0))
        check.raise_if_any()
        self.is_prospect = True
        self.qualified_at = self.qualified_at or now
        self.interest_level = interest or self.interest_level
        self.budget = budget if budget is not None else self.budget
        self.potential_value = value if value is not None else self.potential_value
        if self.lead_status != QUALIFIED:
            self.history.append(StatusChange(self.lead_status, QUALIFIED, by, now))
            self.lead_status = QUALIFIED
        self.touch(now)

    def mark_stale(self, now: datetime) -> None:
        assert self.last_touched_at is not None
        self.stale_notified_at = now
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
        opportunity_id: UUID | None,
        account_id: UUID,
        contact_id: UUID,
        existing_account_id: UUID | None,
        account: dict[str, Any],
        contact: dict[str, Any],
        opportunity: dict[str, Any],
        owner_id: UUID | None,
        now: datetime,
        by: str,
    ) -> None:
        """Mark the lead converted, pointing at what it became; record LeadConverted."""
        self.ensure_open()
        self.converted, self.converted_at, self.converted_by = True, now, by
        self.opportunity_id, self.account_id, self.contact_id = (
            opportunity_id,
            account_id,
            contact_id,
        )
        self.updated_at = now
        self.version += 1
        self.events.append(
            events.LeadConverted(
                lead_id=self.id,
                opportunity_id=opportunity_id,
                account_id=account_id,
                contact_id=contact_id,
                existing_account_id=existing_account_id,
                account=account,
                contact=contact,
                opportunity_name=text(opportunity.get("name")),
                opportunity_amount=to_decimal(opportunity.get("amount")),
                currency=text(opportunity.get("currency")) or self.annual_revenue_currency,
                owner_id=owner_id,
                campaign_id=self.campaign_id,
                lead_source=self.lead_source,
                tags=self.tags,
                by=by,
                at=now,
            )
        )


def clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise raw lead fields; raise InvalidFields naming every bad one."""
    check = Checker()
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in fields:
            values[name] = text(fields[name])
    if "last_name" in fields and not values.get("last_name"):
        check.add("last_name", "is required")
    check.pick("salutation", values.get("salutation"), SALUTATIONS)
    check.pick("lead_source", values.get("lead_source"), LEAD_SOURCES)
    check.pick("rating", values.get("rating"), RATINGS)
    check.pick("industry", values.get("industry"), INDUSTRIES)
    check.pick("interest_level", values.get("interest_level"), INTEREST_LEVELS)
    if "lead_status" in values:
        if values["lead_status"] is None:
            values["lead_status"] = DEFAULT_STATUS
        check.pick("lead_status", values["lead_status"], LEAD_STATUSES)
    check.email("email", values.get("email"))
    check.email("secondary_email", values.get("secondary_email"))
    if "annual_revenue" in fields:
        values["annual_revenue"] = check.decimal(
            "annual_revenue", fields["annual_revenue"], minimum=Decimal(0)
        )
        if values["annual_revenue"] is not None and not values.get("annual_revenue_currency"):
            values["annual_revenue_currency"] = fields.get("annual_revenue_currency") or "EUR"
    if values.get("annual_revenue_currency") is not None:
        values["annual_revenue_currency"] = check.currency(
            "annual_revenue_currency", values["annual_revenue_currency"]
        )
    for name in ("budget", "potential_value"):
        if name in fields:
            values[name] = check.decimal(name, fields[name], minimum=Decimal(0))
    if "employees" in fields:
        employees = fields["employees"]
        if employees is not None and (not isinstance(employees, int) or employees < 0):
            check.add("employees", "must be a whole number >= 0")
        values["employees"] = employees
    if "address" in fields:
        values["address"] = Address.of(fields["address"])
    if "tags" in fields:
        values["tags"] = check.tags(fields["tags"])
    if "next_follow_up" in fields:
        values["next_follow_up"] = check.date("next_follow_up", fields["next_follow_up"])
    if "campaign_id" in fields:
        values["campaign_id"] = fields["campaign_id"]
    check.raise_if_any()
    return values
