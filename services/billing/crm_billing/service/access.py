"""Billing's modules, and how identity's policy applies to their records.

Decisions come from :mod:`crm_access` over the service's copy of the policy;
:class:`~crm_access.RecordAccess` binds them to our tables with the configuration below.

Invoices, payments and credit notes are owned (``owner_id``) and belong to an account,
which is what a portal caller's scope matches; vendors are unowned (every caller with
module access sees all); purchase orders are owned and never visible to portal callers.
"""

from __future__ import annotations

from crm_access import PolicyStore, PortalMatch, RecordAccess
from crm_billing.domain.invoices import CREATED, STATUSES

INVOICES = "invoices"
PAYMENTS = "payments"
CREDIT_NOTES = "credit_notes"
VENDORS = "vendors"
PURCHASE_ORDERS = "purchase_orders"
WITH_ACCOUNT = frozenset({INVOICES, PAYMENTS, CREDIT_NOTES})
# Vendors have no owner whatever the snapshot lists (docs/domain.md step 7).
UNOWNED = frozenset({VENDORS})
PORTAL = {module: PortalMatch(account="account_id") for module in WITH_ACCOUNT}
# What a portal caller (a customer reading their own account's invoices, payments and
# credit notes, e.g. through support's portal) never sees: who owns the record inside and
# how far dunning has gone.
PORTAL_HIDDEN: dict[str, frozenset[str]] = {
    INVOICES: frozenset({"owner_id", "dunning_level"}),
    PAYMENTS: frozenset({"owner_id"}),
    CREDIT_NOTES: frozenset({"owner_id"}),
}
# A portal caller sees an invoice once it is issued: a draft is the staff's business.
PORTAL_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    INVOICES: ("status", tuple(s for s in STATUSES if s != CREATED))
}


def record_access(store: PolicyStore) -> RecordAccess:
    """Return billing's access decisions over ``store``."""
    return RecordAccess(
        store, unowned=UNOWNED, portal=PORTAL, portal_hidden=PORTAL_HIDDEN, portal_rows=PORTAL_ROWS
    )
