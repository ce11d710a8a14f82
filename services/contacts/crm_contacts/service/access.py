"""Contacts' modules, and how identity's policy applies to their records.

Decisions come from :mod:`crm_access` (docs/domain.md's order, steps 1-11) over the service's
copy of the policy (:class:`~crm_access.PolicyStore`, table ``access_policy``, fed by
identity's events and a start-up fetch); :class:`~crm_access.RecordAccess` binds them to
our tables with the configuration below.
"""

from __future__ import annotations

from crm_access import PolicyStore, PortalMatch, RecordAccess

ACCOUNTS = "accounts"
CONTACTS = "contacts"


def either(action: str) -> tuple[tuple[str, str], ...]:
    """A route acting on accounts or contacts (chosen by its input) declares this as its
    ``permission_any``: the chassis refuses a caller with neither before reading the
    request; the use case then checks the module the input names."""
    return ((ACCOUNTS, action), (CONTACTS, action))


OWNERS = "owners"

# A portal caller sees their own account (the account row itself) and, among contacts,
# those of their account and their own contact row.
PORTAL = {
    ACCOUNTS: PortalMatch(account="id"),
    CONTACTS: PortalMatch(account="account_id", contact="id"),
}


def record_access(store: PolicyStore) -> RecordAccess:
    """Return contacts' access decisions over ``store``."""
    return RecordAccess(store, portal=PORTAL)
