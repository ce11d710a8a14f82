"""References to records of other services, and an account's open business elsewhere.

A task or call/meeting may relate to a record sales, billing, support or marketing holds;
contacts checks it exists when the relation is written (the remote read each type uses is
:data:`REMOTE_READS`). Deleting an account that still has open business elsewhere (open
deals, quotes not approved, orders not delivered, unsettled invoices) is refused: what is open is
:class:`OpenBusiness`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crm_chassis.errors import Conflict

#: related_type -> (the service holding it, the read that finds one record by ``id``).
REMOTE_READS: dict[str, tuple[str, str]] = {
    "lead": ("sales", "GetLead"),
    "opportunity": ("sales", "GetOpportunity"),
    "quote": ("sales", "GetQuote"),
    "sales_order": ("sales", "GetSalesOrder"),
    "invoice": ("billing", "GetInvoice"),
    "ticket": ("support", "GetTicket"),
    "campaign": ("marketing", "GetCampaign"),
}
#: Reads of an account's open business, and the counts each answers.
OPEN_BUSINESS_READS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sales": (
        "GetAccountActivity",
        ("open_opportunities", "open_quotes", "open_sales_orders", "open_enquiries"),
    ),
    "billing": ("GetAccountBalance", ("open_invoices",)),
}


@dataclass(frozen=True)
class OpenBusiness:
    """How many records of each kind are still open for an account (zeros left out)."""

    counts: Mapping[str, int]

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> OpenBusiness:
        return cls({k: int(v) for k, v in counts.items() if int(v or 0) > 0})

    @property
    def any(self) -> bool:
        return bool(self.counts)

    def describe(self) -> str:
        """ "2 open opportunities, 1 open invoices"."""
        return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(self.counts.items()))


class AccountHasOpenBusiness(Conflict):
    """409: the account still has open business; ``open_business`` names it."""

    def __init__(self, open_business: OpenBusiness) -> None:
        super().__init__(
            "The account still has open business and cannot be deleted: "
            f"{open_business.describe()}. Close or move it first.",
            extra={"open_business": dict(open_business.counts)},
        )
