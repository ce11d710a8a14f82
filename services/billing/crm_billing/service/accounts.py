"""Account references, checked where they are written: contacts must know the account."""

from __future__ import annotations

from uuid import UUID

from crm_billing.domain.ports import Account, AccountDirectory
from crm_chassis.errors import AppError, Forbidden, Unavailable, invalid
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def known_account(
    directory: AccountDirectory,
    account_id: UUID | None,
    token: str | None,
) -> Account | None:
    """The account ``account_id`` names (None when no id was given).

    Asked with the caller's own token (a user's or a service account's). 422 naming
    ``account_id`` when contacts does not know it or the caller may not see it (one answer
    for both); 503 when contacts cannot answer, so nothing is written against an unchecked id.
    """
    if account_id is None:
        return None
    try:
        account = directory.get_account(account_id, token=token)
    except Unavailable:
        raise
    except Forbidden:
        account = None  # the caller may not see it: for them it does not exist
    except AppError as exc:
        if exc.spec.status < 500:
            raise
        log.warning("contacts.account_check_failed", error=str(exc))
        raise Unavailable("contacts could not check the account.") from None
    if account is None:
        raise invalid("account_id", "is not an existing account")
    return account
