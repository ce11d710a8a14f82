"""The quote aggregate: priced lines, totals, approval, revisions.

An approved quote never changes (409); a revision copies it into a new quote with the same
number and the next version, which goes through approval again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import Forbidden, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text
from crm_chassis.states import StateMachine
from crm_sales.domain import events
from crm_sales.domain.approval import ApprovalLimits, Approver, discount_percent
from crm_sales.domain.errors import QuoteNotApprovable, QuoteNotEditable
from crm_sales.domain.lines import Line
from crm_sales.domain.picklists import PAYMENT_TERMS, QUOTE_STAGES
from crm_sales.domain.pricing import ZERO, Number, Totals, document_totals, quantum

DRAFT, PENDING, APPROVED = "Draft", "Pending Approval", "Approved"
SUPERSEDED = "Superseded"
REJECTED = "Rejected"

#: The quote's status: its approval state, or Superseded once a newer version exists (a
#: revision supersedes every earlier version, approved or not). Approved only changes by
#: being superseded; Superseded is final.
QUOTE_STATUS = StateMachine(
    name="quote",
    initial=DRAFT,
    transitions={
        DRAFT: frozenset({PENDING, APPROVED, SUPERSEDED}),
        PENDING: frozenset({DRAFT, APPROVED, SUPERSEDED}),
        APPROVED: frozenset({SUPERSEDED}),
        SUPERSEDED: frozenset(),
    },
)

#: The quote's stage with the customer (the vtiger pick list): forward only, Accepted and
#: Rejected final. A rejected quote is revised (the new version starts at Created), never
#: approved; a quote's stage only changes while it is a draft.
QUOTE_STAGE = StateMachine(
    name="quote stage",
    field_name="stage",
    initial="Created",
    transitions={
        "Created": frozenset({"Delivered", "Reviewed", "Accepted", REJECTED}),
        "Delivered": frozenset({"Reviewed", "Accepted", REJECTED}),
        "Reviewed": frozenset({"Delivered", "Accepted", REJECTED}),
        "Accepted": frozenset(),
        REJECTED: frozenset(),
    },
)

HEADER_TEXT = ("subject", "stage", "payment_terms", "terms_and_conditions", "currency")
ZERO_AMOUNT = Decimal(0)


@dataclass(frozen=True)
class QuoteFields:
    """A quote's header as a caller gives it (checked by :func:`check_quote_fields`)."""

    subject: str | None = None
    stage: str | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    currency: str | None = None
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    shipping: Number | None = None
    adjustment: Number | None = None
    owner_id: UUID | None = None


QUOTE_FIELDS = frozenset(f.name for f in fields(QuoteFields))


def quote_search_text(
    number: str, subject: str | None, account_name: str | None, lines: list[Line]
) -> str:
    """What ``q=`` matches on a quote: number, subject, customer, product codes and names."""
    products = dict.fromkeys(p for ln in lines for p in (ln.product_code, ln.product_name))
    return search_text(number, subject, account_name, *products, separator=" ")


@dataclass
class Quote:
    id: UUID
    number: str
    account_id: UUID
    currency: str
    created_at: datetime
    updated_at: datetime
    owner_id: UUID | None = None
    quote_version: int = 1
    previous_version_id: UUID | None = None
    subject: str | None = None
    stage: str = "Created"
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    enquiry_id: UUID | None = None
    # The customer's name as contacts had it (at creation, then from its account events):
    # kept here so ``q=`` finds quotes by customer with one indexed LIKE, no remote call.
    account_name: str | None = None
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: list[Line] = field(default_factory=list)
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO
    subtotal: Decimal = ZERO
    discount_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    grand_total: Decimal = ZERO
    approval_status: str = DRAFT
    approved_by: str | None = None
    approved_at: datetime | None = None
    superseded: bool = False
    approval_path: tuple[dict[str, Any], ...] = ()
    awaiting_approval_by: tuple[str, ...] = ()
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def status(self) -> str:
        """The quote machine's status: Superseded, else the approval status."""
        return SUPERSEDED if self.superseded else self.approval_status

    @property
    def discount_percent(self) -> Decimal:
        return discount_percent(self.subtotal, self.discount_total)

    @property
    def search_text(self) -> str:
        return quote_search_text(self.number, self.subject, self.account_name, self.lines)

    def snapshot(self) -> Quote:
        return replace(self, events=[], lines=list(self.lines))

    def recompute(self) -> None:
        t: Totals = document_totals(
            [ln.amounts for ln in self.lines],
            shipping=self.shipping,
            adjustment=self.adjustment,
            quantum=quantum(self.currency),
        )
        self.subtotal, self.discount_total, self.tax_total = (
            t.subtotal,
            t.discount_total,
            t.tax_total,
        )
        self.shipping, self.adjustment, self.grand_total = t.shipping, t.adjustment, t.grand_total

    def ensure_editable(self) -> None:
        if self.status not in (DRAFT, PENDING):
            why = "a newer version exists" if self.superseded else "it is approved"
            raise QuoteNotEditable(self.id, f"{why}; make a revision instead", self.status)

    def take(self, fields: QuoteFields, names: Collection[str]) -> None:
        """Set the ``names`` header fields from checked fields."""
        for name in names:
            if name in QUOTE_FIELDS:
                setattr(self, name, getattr(fields, name))

    def change(
        self,
        fields: QuoteFields,
        names: Collection[str],
        lines: list[Line] | None,
        *,
        now: datetime,
        expected: int | None,
        by: str = "",
    ) -> None:
        """Change a draft's header fields ``names`` and/or its lines; totals follow. A quote
        waiting for approval goes back to Draft (asked again once changed)."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        self.ensure_editable()
        if "stage" in names and fields.stage and fields.stage != self.stage:
            QUOTE_STAGE.check(self.stage, fields.stage)
        self.take(fields, names)
        if lines is not None:
            self.lines = lines
        self.recompute()
        if self.approval_status == PENDING:  # a changed quote is asked for again
            self._move(DRAFT)
            self._record("withdrawn", by=by, at=now, reason="the quote was changed")
        self.updated_at, self.version = now, self.version + 1

    def _move(self, target: str) -> None:
        QUOTE_STATUS.check(self.status, target)
        if target == SUPERSEDED:
            self.superseded = True
        else:
            self.approval_status = target
        if target != PENDING:
            self.awaiting_approval_by = ()

    def _record(self, step: str, *, by: str, at: datetime, **facts: Any) -> None:
        self.approval_path = (
            *self.approval_path,
            {"step": step, "by": by, "at": at.isoformat(), **facts},
        )

    def approve(
        self,
        *,
        approver: Approver,
        limits: ApprovalLimits,
        now: datetime,
        superseded_ids: tuple[UUID, ...] = (),
    ) -> None:
        """Approve within the approver's limit, else wait for a higher role (Pending Approval).

        Approved records QuoteApproved (billing raises the invoice from it) naming every
        earlier version of the quote, which billing no longer bills.
        """
        QUOTE_STATUS.check(self.status, APPROVED)
        if self.stage == REJECTED:
            raise QuoteNotApprovable(self.id, "it was rejected", self.status)
        if not self.lines:
            raise QuoteNotApprovable(self.id, "it has no lines", self.status)
        limit = limits.of(approver.role_id, is_admin=approver.is_admin)
        covered = limit.covers(self.grand_total, self.currency, self.discount_percent)
        facts = {"role_id": approver.role_id, "limit": limit.as_dict()}
        if self.approval_status == PENDING:
            self._check_higher(approver, covered)
        elif not covered:
            self._move(PENDING)
            self.awaiting_approval_by = tuple(
                r
                for r in approver.roles_above
                if limits.of(r, is_admin=False).covers(
                    self.grand_total, self.currency, self.discount_percent
                )
            )
            self._record("requested", by=approver.subject, at=now, **facts)
            self.updated_at, self.version = now, self.version + 1
            return
        self._move(APPROVED)
        self.approved_by, self.approved_at = approver.subject, now
        self._record("approved", by=approver.subject, at=now, **facts)
        self.updated_at, self.version = now, self.version + 1
        self.events.append(
            events.QuoteApproved(quote=self.snapshot(), superseded_quote_ids=superseded_ids)
        )

    def _check_higher(self, approver: Approver, covered: bool) -> None:
        """A waiting quote: only a higher role whose limit covers it (or an admin) approves."""
        asked = next((s for s in reversed(self.approval_path) if s["step"] == "requested"), {})
        if approver.is_admin:
            return
        if approver.subject == asked.get("by") or approver.role_id is None:
            raise Forbidden(
                "This quote is above your approval limit: a higher role must approve it."
            )
        if approver.role_id not in self.awaiting_approval_by or not covered:
            waiting = ", ".join(self.awaiting_approval_by) or "an administrator"
            raise Forbidden(f"This quote waits for approval by: {waiting}.")

    def revise(
        self, *, new_id: UUID, line_id: Callable[[], UUID], now: datetime, by_owner: UUID | None
    ) -> Quote:
        """A new draft version with the same number, lines and header; this one is superseded."""
        if self.superseded:
            raise QuoteNotEditable(self.id, "a newer version exists; revise that one", self.status)
        self._move(SUPERSEDED)
        self.updated_at, self.version = now, self.version + 1
        copy = replace(
            self,
            id=new_id,
            quote_version=self.quote_version + 1,
            previous_version_id=self.id,
            stage="Created",
            approval_status=DRAFT,
            approved_by=None,
            approved_at=None,
            superseded=False,
            approval_path=(),
            awaiting_approval_by=(),
            created_at=now,
            updated_at=now,
            version=1,
            events=[],
            owner_id=by_owner or self.owner_id,
            lines=[replace(ln, id=line_id()) for ln in self.lines],
        )
        return copy


def check_quote_fields(given: QuoteFields, names: Collection[str]) -> QuoteFields:
    """Check and normalise the header fields ``names``; raise InvalidFields if bad."""
    check = Checker()
    texts = {k: text(getattr(given, k)) for k in HEADER_TEXT}
    if "stage" in names:
        texts["stage"] = check.pick("stage", texts["stage"] or "Created", QUOTE_STAGES)
    check.pick("payment_terms", texts["payment_terms"], PAYMENT_TERMS)
    texts["currency"] = check.currency("currency", texts["currency"])
    shipping = check.decimal("shipping", given.shipping, minimum=ZERO_AMOUNT)
    adjustment = check.decimal("adjustment", given.adjustment)
    check.raise_if_any()
    return replace(
        given,
        **texts,
        shipping=shipping or ZERO,
        adjustment=adjustment or ZERO,
        billing_address=Address.of(given.billing_address),
        shipping_address=Address.of(given.shipping_address),
    )
