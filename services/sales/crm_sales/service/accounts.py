"""Following contacts' accounts: merges re-point sales' records, renames reach quotes."""

from __future__ import annotations

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_sales.domain.commands import RenameAccount, RepointAccounts
from crm_sales.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def repoint_accounts(cmd: RepointAccounts, *, uow: UnitOfWorkFactory) -> int:
    """Records of the merged accounts now refer to the surviving one; answer how many."""
    if not cmd.merged:
        return 0
    with uow() as tx:
        count = tx.accounts.repoint(cmd.merged, cmd.surviving, now=utcnow())
    log.info(
        "accounts.repointed",
        merged=[str(m) for m in cmd.merged],
        surviving=str(cmd.surviving),
        records=count,
    )
    return count


def rename_account(cmd: RenameAccount, *, uow: UnitOfWorkFactory) -> int:
    """The account's quotes carry its new name (for ``q=``); answer how many changed."""
    name = cmd.name.strip()
    if not name:
        return 0
    with uow() as tx:
        count = tx.accounts.rename_on_quotes(cmd.account_id, name)
    if count:
        log.info("quotes.account_renamed", account_id=str(cmd.account_id), quotes=count)
    return count
