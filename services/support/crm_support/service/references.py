"""Checking a ticket's account, contact and product before writing it.

Asked before the transaction (no row lock held across the network), with the caller's
token so one may name only what one may see; portal and e-mail tickets, whose account and
contact are fixed by the token or the matched sender, are asked with the service's own
credentials. A bad reference is 422 naming the field; an unreachable service 503.
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_support.domain.ports import References


def check_references(
    references: References,
    *,
    account_id: UUID | None,
    contact_id: UUID | None,
    product_id: UUID | None,
    token: str | None,
    trusted_account: bool = False,
) -> None:
    """422 naming each reference that does not exist for the caller (or a contact that is
    not at ``account_id``). ``trusted_account``: the account came from a portal token."""
    errors: list[FieldError] = []
    if account_id is not None and not trusted_account:
        if not references.account_exists(account_id, token=token):
            errors.append(FieldError("account_id", "is not an account you can see"))
    if contact_id is not None:
        contact = references.get_contact(contact_id, token=token)
        if contact is None:
            errors.append(FieldError("contact_id", "is not a contact you can see"))
        elif contact.account_id != account_id:
            errors.append(FieldError("contact_id", "is not a contact of account_id"))
    if product_id is not None and not references.product_exists(product_id, token=token):
        errors.append(FieldError("product_id", "is not a product"))
    if errors:
        raise InvalidFields(errors)
