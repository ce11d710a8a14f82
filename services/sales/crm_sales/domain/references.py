"""References to contacts' records, checked where sales writes them (case 9).

The rule is pure: an ``account_id`` must name an existing account, a ``contact_id`` an
existing contact, and the contact must belong to the record's account. The use cases ask
contacts (:class:`~crm_sales.domain.ports.AccountDirectory`, with the caller's token) and
hand the answers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_sales.domain.ports import Account, ContactRef


@dataclass(frozen=True)
class Found:
    """What contacts answered for the references a write names (None: not asked)."""

    account_id: UUID | None = None
    account: Account | None = None
    contact_id: UUID | None = None
    contact: ContactRef | None = None


def check_references(found: Found) -> UUID | None:
    """Raise 422 naming each bad reference; return the account id to store (a merged-away
    account's survivor, as contacts resolves it)."""
    errors = []
    account_id = found.account_id
    if account_id is not None:
        if found.account is None:
            errors.append(FieldError("account_id", "is not an existing account"))
        else:
            account_id = found.account.id
    if found.contact_id is not None:
        contact = found.contact
        if contact is None:
            errors.append(FieldError("contact_id", "is not an existing contact"))
        elif errors:
            pass  # no account to belong to: the account_id error says it
        elif not belongs(contact, {found.account_id, account_id} - {None}):
            errors.append(FieldError("contact_id", "does not belong to the account"))
    if errors:
        raise InvalidFields(errors)
    return account_id


def belongs(contact: ContactRef, account_ids: set[UUID | None]) -> bool:
    """A contact fits a record of one of ``account_ids`` (any, when it names no account)."""
    return not account_ids or contact.account_id in account_ids
