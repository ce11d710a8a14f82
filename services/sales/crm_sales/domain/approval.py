"""Quote approval limits: how large a quote, and how deep a discount, each role may approve.

Administrators set one limit per role (``GET/PUT /approval-limits``); a role without its own
limit has the default one. A limit is a maximum grand total *in the limit's currency* (a
quote in another currency is not covered: amounts are never converted) and a maximum
discount percent (the quote's discount total over its subtotal). ``None`` is unlimited.
Administrators are unlimited.

Approving a quote the caller's limit covers approves it. Above the limit the quote waits
(``Pending Approval``) for a user whose role is above the requester's in the role hierarchy
and whose own limit covers it (or an administrator); nobody approves his own quote above his
own limit. Each step (who asked, who approved, the limit applied) is kept in the quote's
``approval_path``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crm_chassis.fields import Checker

HUNDRED = Decimal(100)
SETTING = "approval_limits"


@dataclass(frozen=True)
class ApprovalLimit:
    """One role's limit (``role_id`` None: the default for roles without their own)."""

    role_id: str | None = None
    max_grand_total: Decimal | None = None
    currency: str | None = None
    max_discount_percent: Decimal | None = None

    def covers(self, grand_total: Decimal, currency: str, discount_percent: Decimal) -> bool:
        if self.max_grand_total is not None and (
            currency != self.currency or grand_total > self.max_grand_total
        ):
            return False
        return self.max_discount_percent is None or discount_percent <= self.max_discount_percent

    def as_dict(self) -> dict[str, Any]:
        return {
            "role_id": self.role_id,
            "max_grand_total": _text(self.max_grand_total),
            "currency": self.currency,
            "max_discount_percent": _text(self.max_discount_percent),
        }


UNLIMITED = ApprovalLimit()


@dataclass(frozen=True)
class ApprovalLimits:
    default: ApprovalLimit = UNLIMITED
    roles: tuple[ApprovalLimit, ...] = ()

    def of(self, role_id: str | None, *, is_admin: bool) -> ApprovalLimit:
        if is_admin:
            return UNLIMITED
        found = next((lim for lim in self.roles if lim.role_id == role_id), None)
        return found or self.default

    def as_dict(self) -> dict[str, Any]:
        return {
            "default": self.default.as_dict(),
            "roles": [lim.as_dict() for lim in self.roles],
        }


@dataclass(frozen=True)
class Approver:
    """The caller as approval sees them: their role, and the roles above it."""

    subject: str
    role_id: str | None
    is_admin: bool
    roles_above: tuple[str, ...] = ()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def discount_percent(subtotal: Decimal, discount_total: Decimal) -> Decimal:
    """The quote's discount as a percent of its subtotal (0 for an empty quote)."""
    if subtotal <= 0:
        return Decimal(0)
    return (discount_total * HUNDRED / subtotal).quantize(Decimal("0.01"))


def _limit(check: Checker, at: str, raw: Mapping[str, Any], role: bool) -> ApprovalLimit:
    role_id = raw.get("role_id")
    if role and not (isinstance(role_id, str) and role_id.strip()):
        check.add(f"{at}.role_id", "is required")
    total = check.decimal(f"{at}.max_grand_total", raw.get("max_grand_total"), minimum=Decimal(0))
    currency = raw.get("currency")
    if total is not None:
        if not currency:
            check.add(f"{at}.currency", "is required with max_grand_total")
        currency = check.currency(f"{at}.currency", currency)
    percent = check.decimal(
        f"{at}.max_discount_percent",
        raw.get("max_discount_percent"),
        minimum=Decimal(0),
        maximum=HUNDRED,
    )
    return ApprovalLimit(
        role_id.strip() if role and isinstance(role_id, str) else None,
        total,
        currency if total is not None else None,
        percent,
    )


def check_limits(
    default: Mapping[str, Any] | None,
    roles: Sequence[Mapping[str, Any]],
    fallback: ApprovalLimit = UNLIMITED,
) -> ApprovalLimits:
    """Check a limits document as an administrator sends it; 422 naming each bad field.

    Without a ``default`` the configured one (``fallback``) stays; ``{}`` is unlimited.
    """
    check = Checker()
    base = fallback if default is None else _limit(check, "default", default, role=False)
    found = [_limit(check, f"roles.{n}", raw, role=True) for n, raw in enumerate(roles)]
    seen: set[str | None] = set()
    for n, lim in enumerate(found):
        if lim.role_id in seen:
            check.add(f"roles.{n}.role_id", "appears twice")
        seen.add(lim.role_id)
    check.raise_if_any()
    return ApprovalLimits(base, tuple(found))


def limits_from(stored: Mapping[str, Any] | None, fallback: ApprovalLimits) -> ApprovalLimits:
    """The stored document (already checked when saved), else the configured fallback."""
    if not stored:
        return fallback
    return check_limits(stored.get("default"), stored.get("roles") or (), fallback.default)
