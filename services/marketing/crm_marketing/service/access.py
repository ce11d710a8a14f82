"""Who may do what: the modules the service owns, as identity's access model names them.

Decisions come from :mod:`crm_access` (the decision order of docs/domain.md) over the
service's copy of identity's policy (``bootstrap`` builds the store; ``events/incoming.py``
keeps it current); :class:`~crm_access.RecordAccess` binds them to this service's tables with
the configuration below. A route declares ``permission=(MODULE, action)`` for the
module-level check; use cases check records (404 for invisible, 403 for read-only) and
queries put the record scope in SQL. Add each module's name below as a constant when it is
built, and name the ones without an owner and how portal callers match their records.
"""

from __future__ import annotations

from uuid import UUID

from crm_access import PolicyStore, PortalMatch, RecordAccess
from crm_chassis.auth.principal import Principal

#: Campaigns (h/campaigns): owned records (owner_id), with members and ROI credits that
#: follow their campaign's access.
CAMPAIGNS = "campaigns"
#: Modules of other services whose records campaign members are (read with the caller's
#: token over gRPC; listed so a route can say what it reads).
LEADS, CONTACTS = "leads", "contacts"
#: Every module marketing owns.
MODULES: tuple[str, ...] = (CAMPAIGNS,)
#: Modules whose records have no owner: module access is enough to see all of them.
UNOWNED: frozenset[str] = frozenset()
#: Per module, the columns a portal caller's account/contact must match.
PORTAL: dict[str, PortalMatch] = {}


def record_access(store: PolicyStore) -> RecordAccess:
    """Return marketing's access decisions over ``store``."""
    return RecordAccess(store, unowned=UNOWNED, portal=PORTAL)


def caller_id(principal: Principal) -> UUID | None:
    """The caller as a record owner or author (service accounts and odd subjects: none)."""
    try:
        return UUID(str(principal.subject))
    except ValueError:
        return None


#: Online lead forms belong to the campaigns module (as vtiger's webforms serve campaigns):
#: its create/edit/view actions govern them, and each form has an owner (h/forms).
FORMS = CAMPAIGNS
