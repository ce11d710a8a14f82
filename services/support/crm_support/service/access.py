"""Who may do what: the modules the service owns, as identity's access model names them.

Decisions come from :mod:`crm_access` (the decision order of docs/domain.md) over the
service's copy of identity's policy. A route declares ``permission=(MODULE, action)`` for
the module-level check; use cases check records (404 for invisible, 403 for read-only) and
queries put the record scope in SQL.

Tickets are owned (owner, role hierarchy, sharing rules, profiles with hidden fields). A
portal caller (scopes ``portal.tickets.read|write``) sees the tickets of its own account,
never internal comments, the history or the staff-only fields below.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import FieldAccess, PolicyStore, PortalMatch, RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

TICKETS = "tickets"
#: Service contracts (h/contracts): owned (owner_id), at an account (a portal caller's).
SERVICE_CONTRACTS = "service_contracts"
#: The knowledge base (FAQ articles): unowned, as identity declares it; portal callers hold
#: ``portal.knowledge_base.read`` and see published articles only.
KNOWLEDGE_BASE = "knowledge_base"
SETTINGS = "settings"
#: What an administrators' route declares, so the chassis refuses others first.
ADMIN = (SETTINGS, "edit")
#: Other services' modules the portal's document pages read (with the portal user's token):
#: identity gives portal users ``portal.<module>.read`` for each.
QUOTES, SALES_ORDERS, INVOICES = "quotes", "sales_orders", "invoices"
#: Every module support owns (h/tickets: tickets; comments and attachments follow their
#: ticket's access).
MODULES: tuple[str, ...] = (TICKETS, SERVICE_CONTRACTS, KNOWLEDGE_BASE)
#: Modules whose records have no owner: module access is enough to see all of them.
UNOWNED: frozenset[str] = frozenset({KNOWLEDGE_BASE})
#: Per module, the columns a portal caller's account/contact must match: a portal user
#: sees its account's tickets (the contact is at that account).
PORTAL: dict[str, PortalMatch] = {
    TICKETS: PortalMatch(account="account_id"),
    SERVICE_CONTRACTS: PortalMatch(account="account_id"),
}
#: Ticket fields a customer never sees: who works it, how long, who typed it in.
STAFF_ONLY = frozenset({"owner_id", "owner_kind", "time_spent_minutes", "created_by"})


def record_access(store: PolicyStore) -> RecordAccess:
    """Return support's access decisions over ``store``."""
    return RecordAccess(store, unowned=UNOWNED, portal=PORTAL)


def is_portal(principal: Principal) -> bool:
    return principal.kind == "portal"


def ticket_fields(access: RecordAccess, principal: Principal) -> FieldAccess:
    """The caller's field modes on tickets; a portal caller has the staff-only ones hidden."""
    own = access.fields(principal, TICKETS)
    if not is_portal(principal):
        return own
    return FieldAccess({**own.modes, **dict.fromkeys(STAFF_ONLY, "hidden")})


def portal_account(principal: Principal) -> UUID | None:
    """The account (and so the tickets) a portal caller acts for."""
    return _uuid(principal.claims.get("account_id"))


def portal_contact(principal: Principal) -> UUID | None:
    return _uuid(principal.claims.get("contact_id"))


def caller_id(principal: Principal) -> UUID | None:
    """The caller as a record owner or author (service accounts and odd subjects: none)."""
    return _uuid(principal.subject)


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def require_admin(access: RecordAccess, principal: Principal) -> None:
    """Ticket settings and assignment rules are for administrators only."""
    if not access.is_admin(principal):
        raise Forbidden("Only administrators may change ticket settings.")


def require_staff(principal: Principal) -> None:
    """Staff-only paths (history, internal comments) are refused to portal callers."""
    if is_portal(principal):
        raise Forbidden("This is not available in the customer portal.")
