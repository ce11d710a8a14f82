"""Checking the contacts references of an opportunity or enquiry before writing it.

Contacts is asked with the caller's token (one may refer only to the
accounts and contacts one may see), before the transaction (no row lock held across the
network). Contacts unreachable answers 503 (``Unavailable``); nothing is written.
"""

from __future__ import annotations

from uuid import UUID

from crm_sales.domain.ports import Account, AccountDirectory
from crm_sales.domain.references import Found, check_references


def checked_account(
    directory: AccountDirectory,
    *,
    account_id: UUID | None,
    contact_id: UUID | None,
    token: str | None,
    ask_account: bool = True,
) -> UUID | None:
    """Raise 422 naming a bad ``account_id`` or ``contact_id`` (or a contact of another
    account); return the account id to store. ``ask_account`` False: the account is already
    on the record and only the contact is checked against it."""
    account = None
    if account_id is not None:
        if ask_account:
            account = directory.get_account(account_id, token=token)
        else:  # on the record already: only the contact is checked against it
            account = Account(id=account_id, name="")
    contact = None
    if contact_id is not None:
        contact = directory.get_contact(contact_id, token=token)
    return check_references(Found(account_id, account, contact_id, contact))
