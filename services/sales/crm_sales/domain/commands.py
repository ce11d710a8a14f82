"""What callers ask of sales: frozen commands named in the imperative.

Each subclasses ``Command[R]``, ``R`` being what its use case (``service/``) returns. A
partial update carries the typed fields and the names the caller ``sent``, so "not sent"
and "set to null" differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from crm_chassis.usecases import Command
from crm_sales.domain.approval import ApprovalLimits
from crm_sales.domain.assignment import AssignmentRule, AssignmentSettings
from crm_sales.domain.catalog import ListPrice, PriceBook, Product, ProductFields
from crm_sales.domain.conversion import Conversion, MappingRow
from crm_sales.domain.enquiries import Enquiry, EnquiryFields
from crm_sales.domain.imports import ImportReport
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.leads import Lead
from crm_sales.domain.lines import LineRequest
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.orders import SalesOrder
from crm_sales.domain.pricing import Number
from crm_sales.domain.quotes import Quote, QuoteFields
from crm_sales.domain.scoring import ScoringRule

# -- products and price books ----------------------------------------------------------------


@dataclass(frozen=True)
class CreateProduct(Command[Product]):
    fields: ProductFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateProduct(Command[Product]):
    product_id: UUID
    fields: ProductFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class CreatePriceBook(Command[PriceBook]):
    name: str
    currency: str
    active: bool = True
    description: str | None = None


@dataclass(frozen=True)
class SetListPrice(Command[ListPrice]):
    price_book_id: UUID
    product_id: UUID
    list_price: Number


# -- opportunities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateOpportunity(Command[Opportunity]):
    fields: OpportunityFields
    sent: frozenset[str] = frozenset()
    # The caller's token: contacts is asked about account_id and contact_id as the caller.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UpdateOpportunity(Command[Opportunity]):
    opportunity_id: UUID
    fields: OpportunityFields
    sent: frozenset[str]
    expected_version: int | None = None
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ReopenOpportunity(Command[Opportunity]):
    """Take a closed deal back to an open stage; the reason goes to the stage history."""

    opportunity_id: UUID
    sales_stage: str
    reason: str | None
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteOpportunity(Command[None]):
    opportunity_id: UUID
    expected_version: int | None = None


# -- leads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateLead(Command[Lead]):
    """Capture a lead; the caller owns it unless an owner is given or the rules assign it."""

    fields: LeadFields
    sent: frozenset[str] = frozenset()
    auto_assign: bool = False


@dataclass(frozen=True)
class UpdateLead(Command[Lead]):
    lead_id: UUID
    fields: LeadFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteLead(Command[None]):
    lead_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class AssignLead(Command[Lead]):
    """Give a lead to a user or group; no owner: let the assignment rules choose."""

    lead_id: UUID
    owner_id: UUID | None
    expected_version: int | None = None


@dataclass(frozen=True)
class QualifyLead(Command[Lead]):
    lead_id: UUID
    interest_level: str | None = None
    budget: Number | None = None
    potential_value: Number | None = None


@dataclass(frozen=True)
class ReopenLead(Command[Lead]):
    """Take a lost or junk lead back into its flow; the reason goes to its history."""

    lead_id: UUID
    lead_status: str
    reason: str | None


@dataclass(frozen=True)
class CheckStaleLeads(Command[int]):
    """Raise sales.lead.stale.v1 for open leads untouched too long; answer how many."""

    now: datetime | None = None


@dataclass(frozen=True)
class CaptureWebLead(Command[Lead | None]):
    """A lead from a web form submission (marketing), once per submission."""

    submission_id: str
    fields: LeadFields
    owner_id: UUID | None = None


@dataclass(frozen=True)
class ImportLeads(Command[ImportReport]):
    """Leads from CSV: all rows or none; a dry run only reports."""

    csv: str
    mapping: Mapping[str, str]
    dry_run: bool = False


# -- conversion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvertLead(Command[Conversion]):
    """Turn a lead into an opportunity here and an account and contact in contacts."""

    lead_id: UUID
    account_id: UUID | None = None
    create_new_account: bool = False
    contact_id: UUID | None = None
    create_new_contact: bool = False
    create_opportunity: bool = True
    owner_id: UUID | None = None
    opportunity: OpportunityFields = field(default_factory=OpportunityFields)
    # The caller's token, for asking contacts about accounts on its behalf.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ReplaceConversionMapping(Command[tuple[MappingRow, ...]]):
    rows: tuple[MappingRow, ...]


# -- contacts' accounts ----------------------------------------------------------------------


@dataclass(frozen=True)
class FollowAccountDeletion(Command[int]):
    """contacts deleted ``account_id``: its deals still open leave the pipeline, marked."""

    account_id: UUID


@dataclass(frozen=True)
class RepointContacts(Command[int]):
    """contacts merged the contacts ``merged`` into ``surviving``: sales' records follow."""

    merged: tuple[UUID, ...]
    surviving: UUID


@dataclass(frozen=True)
class RepointAccounts(Command[int]):
    """contacts merged ``merged`` into ``surviving``: sales' records follow."""

    merged: tuple[UUID, ...]
    surviving: UUID


@dataclass(frozen=True)
class RenameAccount(Command[int]):
    account_id: UUID
    name: str


# -- quotes, sales orders, enquiries ---------------------------------------------------------


@dataclass(frozen=True)
class CreateQuote(Command[Quote]):
    """A quote for an account, its lines priced (numbered QUO-YYYY-NNNNNN)."""

    account_id: UUID
    fields: QuoteFields
    lines: tuple[LineRequest, ...]
    sent: frozenset[str] = frozenset()
    # The caller's token, for asking contacts about the account on its behalf.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UpdateQuote(Command[Quote]):
    """Change a draft: the header fields sent, and/or all its lines."""

    quote_id: UUID
    fields: QuoteFields
    sent: frozenset[str]
    lines: tuple[LineRequest, ...] | None = None
    expected_version: int | None = None
    # The caller's token, for checking a changed contact against the quote's account.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ApproveQuote(Command[Quote]):
    quote_id: UUID


@dataclass(frozen=True)
class ReplaceApprovalLimits(Command[ApprovalLimits]):
    """Administrators' quote approval limits: a default and one per role (raw, checked)."""

    default: Mapping[str, Any] | None
    roles: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class ReviseQuote(Command[Quote]):
    """A new draft version of a quote (same number); the old one is superseded."""

    quote_id: UUID


@dataclass(frozen=True)
class CreateSalesOrder(Command[SalesOrder]):
    quote_id: UUID
    due_date: date | None = None
    recurring_frequency: str | None = None


@dataclass(frozen=True)
class SetOrderStatus(Command[SalesOrder]):
    order_id: UUID
    status: str
    expected_version: int | None = None


@dataclass(frozen=True)
class NoteInvoiceFacts(Command[None]):
    """billing's word on an invoice: what it bills, and whether money is on it."""

    invoice_id: UUID
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None
    money_received: bool = False


@dataclass(frozen=True)
class CreateEnquiry(Command[Enquiry]):
    fields: EnquiryFields
    sent: frozenset[str] = frozenset()
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class QuoteEnquiry(Command[Quote]):
    """Make the quote of an enquiry (one line), in one call."""

    enquiry_id: UUID
    token: str | None = field(default=None, repr=False)


# -- scoring and assignment rules (administrators) -------------------------------------------


@dataclass(frozen=True)
class AddScoringRule(Command[ScoringRule]):
    """Points a lead gets (or loses) when one of its fields meets the condition."""

    field: str
    operator: str
    points: int
    value: str = ""
    active: bool = True
    name: str | None = None


@dataclass(frozen=True)
class DeleteScoringRule(Command[None]):
    rule_id: UUID


@dataclass(frozen=True)
class AddAssignmentRule(Command[AssignmentRule]):
    """Who gets new leads matching ``criteria``: one owner, or a group's members in turn."""

    name: str
    target: str
    priority: int = 100
    owner_id: UUID | None = None
    group_id: UUID | None = None
    criteria: Mapping[str, str] = field(default_factory=dict)
    active: bool = True


@dataclass(frozen=True)
class DeleteAssignmentRule(Command[None]):
    rule_id: UUID


@dataclass(frozen=True)
class SetAssignmentSettings(Command[AssignmentSettings]):
    """Who gets auto-assigned leads no rule matches (None: the lead's creator)."""

    fallback_owner_id: UUID | None = None


@dataclass(frozen=True)
class UpdateScoringRule(Command[ScoringRule]):
    """Change a scoring rule; the leads are rescored in the background."""

    rule_id: UUID
    fields: Mapping[str, object]


@dataclass(frozen=True)
class RescoreLeads(Command[int]):
    """Rescore the leads scored with older rules, ``batch_size`` at a time (the worker)."""

    batch_size: int = 500
    max_batches: int = 200


@dataclass(frozen=True)
class OptOutOfEmail(Command[bool]):
    """The person unsubscribed from marketing mail (marketing.recipient.unsubscribed.v1):
    set the lead's e-mail opt-out; True when it changed."""

    lead_id: UUID
