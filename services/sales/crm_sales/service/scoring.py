"""Rescoring leads in the background after the scoring rules changed (case 4).

The worker's timer runs :func:`rescore_leads`: while leads scored with an older scoring
version remain, it reads a batch, computes each one's breakdown from the current rules and
writes the batch back with one bulk UPDATE, each batch in its own transaction. Running it
twice, or in two workers at once, writes each score once (the UPDATE's guards); a lead a
user changed meanwhile is picked up again by the next batch.
"""

from __future__ import annotations

from crm_chassis.logging import get_logger
from crm_sales.domain import scoring
from crm_sales.domain.commands import RescoreLeads
from crm_sales.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def rescore_leads(cmd: RescoreLeads, *, uow: UnitOfWorkFactory) -> int:
    """Bring every lead's score to the current rules; return how many scores were written."""
    written = 0
    for _ in range(cmd.max_batches):
        with uow() as tx:
            version = tx.scores.version()  # before the rules
            batch = tx.scores.outdated(version, cmd.batch_size)
            rules = tx.rules.scoring() if batch else []
            for lead in batch:
                lead.rescore(scoring.breakdown(lead, rules), version)
            written += tx.scores.write(batch)
        if len(batch) < cmd.batch_size:
            break
    if written:
        log.info("leads.rescored", count=written)
    return written
