"""Sales' modules, and how identity's policy applies to their records.

Decisions come from :mod:`crm_access` over the service's copy of the policy;
:class:`~crm_access.RecordAccess` binds them to our tables with the configuration below.
Products and price books have no owner: module access is enough to see all of them.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import FieldAccess, PolicyStore, PortalMatch, RecordAccess
from crm_access.model import FieldMode
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden
from crm_sales.domain.quotes import APPROVED

LEADS = "leads"
OPPORTUNITIES = "opportunities"
QUOTES = "quotes"
SALES_ORDERS = "sales_orders"
ENQUIRIES = "enquiries"
PRODUCTS = "products"
PRICE_BOOKS = "price_books"
ACCOUNTS = "accounts"
CONTACTS = "contacts"
UNOWNED = frozenset({PRODUCTS, PRICE_BOOKS})
SETTINGS = "settings"
# What a settings (administrators') route declares, so the chassis refuses others first.
ADMIN = (SETTINGS, "edit")
# A portal caller matches the account and the contact a sales record names (a table
# without one of the columns matches on the other).
PORTAL = PortalMatch(account="account_id", contact="contact_id")
# What a portal caller (``portal.quotes.read``, ``portal.sales_orders.read``: a customer
# reading their own account's documents, e.g. through support's portal) never sees: who
# works the deal and how it was approved inside. The approval state itself stays, so the
# portal can tell an approved quote from a draft.
PORTAL_HIDDEN: dict[str, frozenset[str]] = {
    QUOTES: frozenset(
        {
            "owner_id",
            "approved_by",
            "approved_at",
            "approval_path",
            "awaiting_approval_by",
            "opportunity_id",
            "price_book_id",
            "enquiry_id",
        }
    ),
    SALES_ORDERS: frozenset({"owner_id", "opportunity_id", "created_by"}),
}
# A portal caller sees a quote once it is approved: drafts and quotes waiting for approval
# are the staff's business.
PORTAL_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {QUOTES: ("approval_status", (APPROVED,))}


# Fields sales keeps as event-fed copies of another module's field: hidden with it.
COPIES: dict[str, dict[str, tuple[str, str]]] = {QUOTES: {"account_name": (ACCOUNTS, "name")}}


class SalesAccess(RecordAccess):
    """Sales' decisions: a copied field is hidden wherever its source field is hidden."""

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        own = super().fields(principal, module)
        gone: dict[str, FieldMode] = {}
        for name, (source, field) in COPIES.get(module, {}).items():
            if own.visible(name) and not super().fields(principal, source).visible(field):
                gone[name] = "hidden"
        return FieldAccess({**own.modes, **gone}) if gone else own


def record_access(store: PolicyStore) -> RecordAccess:
    """Return sales' access decisions over ``store``."""
    return SalesAccess(
        store,
        unowned=UNOWNED,
        portal_default=PORTAL,
        portal_hidden=PORTAL_HIDDEN,
        portal_rows=PORTAL_ROWS,
    )


def caller_id(principal: Principal) -> UUID | None:
    """The caller as a record owner (service accounts and odd subjects own nothing)."""
    try:
        return UUID(principal.subject)
    except ValueError:
        return None


def require_admin(access: RecordAccess, principal: Principal) -> None:
    """Settings (rules, mappings) are for administrators only (docs/domain.md step 2)."""
    if not access.is_admin(principal):
        raise Forbidden("Only administrators may change sales settings.")
