"""Following contacts' accounts: merges re-point sales' records, renames reach quotes, a
deleted account's deals still open leave the pipeline."""

from __future__ import annotations

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_sales.domain.commands import (
    FollowAccountDeletion,
    RenameAccount,
    RepointAccounts,
    RepointContacts,
)
from crm_sales.domain.opportunities import OpportunityFields
from crm_sales.domain.picklists import CLOSED_LOST
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


def repoint_contacts(cmd: RepointContacts, *, uow: UnitOfWorkFactory) -> int:
    """Records naming the merged contacts now name the surviving one; answer how many."""
    if not cmd.merged:
        return 0
    with uow() as tx:
        count = tx.accounts.repoint_contacts(cmd.merged, cmd.surviving, now=utcnow())
    log.info("contacts.repointed", surviving=str(cmd.surviving), records=count)
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


#: The lost reason of a deal whose account was deleted.
ACCOUNT_DELETED = "Account deleted"


def follow_account_deletion(cmd: FollowAccountDeletion, *, uow: UnitOfWorkFactory) -> int:
    """contacts deletes an account only without open business; a deal opened meanwhile (a
    race) is closed lost with the reason "Account deleted", so no open deal refers to a gone
    account. Closed records keep the id as history. Answers how many deals were closed."""
    lost = OpportunityFields(sales_stage=CLOSED_LOST, lost_reason=ACCOUNT_DELETED)
    now, closed = utcnow(), 0
    with uow() as tx:
        for opportunity_id in tx.accounts.open_opportunity_ids(cmd.account_id):
            opportunity = tx.opportunities.get(opportunity_id)
            if opportunity is None:
                continue
            sent = ("sales_stage", "lost_reason")
            opportunity.update(lost, sent, now=now, by="contacts", expected_version=None)
            tx.opportunities.save(opportunity)
            closed += 1
    log.info("account.deleted.followed", account_id=str(cmd.account_id), closed_deals=closed)
    return closed
