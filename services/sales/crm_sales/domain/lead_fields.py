"""A lead's fields as callers give them, and the rules they must follow."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.fields import Address, Checker, text
from crm_chassis.money import Money
from crm_sales.domain.picklists import (
    INDUSTRIES,
    INTEREST_LEVELS,
    LEAD_SOURCES,
    LEAD_STATUSES,
    RATINGS,
    SALUTATIONS,
)
from crm_sales.domain.pricing import Number

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
    "interest_level",
)
PICKED = (
    ("salutation", SALUTATIONS),
    ("lead_source", LEAD_SOURCES),
    ("rating", RATINGS),
    ("industry", INDUSTRIES),
    ("interest_level", INTEREST_LEVELS),
)
DEFAULT_STATUS = "Not Contacted"
ZERO = Decimal(0)


@dataclass(frozen=True)
class LeadFields:
    """A lead's fields as a caller gives them (checked by :func:`check_lead`)."""

    last_name: str | None = None
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
    annual_revenue: Money | None = None
    employees: int | None = None
    lead_source: str | None = None
    lead_status: str | None = None
    rating: str | None = None
    address: Address | None = None
    description: str | None = None
    owner_id: UUID | None = None
    campaign_id: UUID | None = None
    product_interest: str | None = None
    tags: tuple[str, ...] = ()
    next_follow_up: date | None = None
    interest_level: str | None = None
    budget: Number | None = None
    potential_value: Number | None = None
    # No marketing e-mail (set by the person's unsubscribe, or by hand).
    email_opt_out: bool = False
    # Never contacted by marketing at all (narrower flags such as the e-mail opt-out aside).
    do_not_contact: bool = False

    def without(self, names: Collection[str]) -> LeadFields:
        """These fields with ``names`` back at their defaults (dropped)."""
        return replace(self, **{n: DROPPED[n] for n in names if n in DROPPED})


DROPPED: Mapping[str, Any] = {f.name: f.default for f in fields(LeadFields)}
LEAD_FIELDS = frozenset(DROPPED)
# What a lead's own attributes take from its fields (the owner changes by assignment).
DETAILS = LEAD_FIELDS - {"owner_id"}


def check_lead(given: LeadFields) -> LeadFields:
    """Check and normalise a lead's fields; raise InvalidFields naming every bad one."""
    check = Checker()
    texts = {name: text(getattr(given, name)) for name in TEXT_FIELDS}
    if not texts["last_name"]:
        check.add("last_name", "is required")
    for name, allowed in PICKED:
        check.pick(name, texts[name], allowed)
    texts["lead_status"] = texts["lead_status"] or DEFAULT_STATUS
    check.pick("lead_status", texts["lead_status"], LEAD_STATUSES)
    check.email("email", texts["email"])
    check.email("secondary_email", texts["secondary_email"])
    employees = given.employees
    if employees is not None and (not isinstance(employees, int) or employees < 0):
        check.add("employees", "must be a whole number >= 0")
    checked = replace(
        given,
        **texts,
        annual_revenue=_revenue(check, given.annual_revenue),
        address=Address.of(given.address),
        tags=check.tags(given.tags),
        budget=check.decimal("budget", given.budget, minimum=ZERO),
        potential_value=check.decimal("potential_value", given.potential_value, minimum=ZERO),
    )
    check.raise_if_any()
    return checked


def _revenue(check: Checker, revenue: Money | None) -> Money | None:
    if revenue is None:
        return None
    amount = check.decimal("annual_revenue", revenue.amount, minimum=ZERO)
    currency = check.currency("annual_revenue_currency", revenue.currency or "EUR")
    return Money(amount, currency) if amount is not None and currency is not None else None
