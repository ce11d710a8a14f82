"""ROI credit use cases: the worker records what sales and marketing's forms said about a
campaign's leads, conversions and deals (each once; see ``adapters/roi_repository.py``).

A conversion also credits its lead (a lead created before marketing listened) and opens
its deal, so the report stays whole whichever of the events arrives first.
"""

from __future__ import annotations

from crm_marketing.domain.roi import OPEN
from crm_marketing.domain.roi_commands import (
    CreditConversion,
    CreditLead,
    CreditOpportunity,
    CreditSubmission,
)
from crm_marketing.service.unit_of_work import UnitOfWorkFactory


def credit_lead(cmd: CreditLead, *, uow: UnitOfWorkFactory) -> bool:
    with uow() as tx:
        return tx.credits.lead(cmd.lead_id, cmd.campaign_id, cmd.origin, cmd.at)


def credit_submission(cmd: CreditSubmission, *, uow: UnitOfWorkFactory) -> bool:
    with uow() as tx:
        return tx.credits.submission(cmd.submission_id, cmd.campaign_id, cmd.form_id, cmd.at)


def credit_conversion(cmd: CreditConversion, *, uow: UnitOfWorkFactory) -> bool:
    with uow() as tx:
        tx.credits.lead(cmd.lead_id, cmd.campaign_id, "converted", cmd.at)
        new = tx.credits.conversion(cmd.lead_id, cmd.campaign_id, cmd.opportunity_id, cmd.at)
        if new and cmd.opportunity_id is not None:
            # Version 0: any snapshot sales sends of the deal later wins over this one.
            tx.credits.opportunity(
                cmd.opportunity_id,
                cmd.campaign_id,
                outcome=OPEN,
                amount=cmd.amount,
                currency=cmd.currency,
                version=0,
                at=cmd.at,
            )
        return new


def credit_opportunity(cmd: CreditOpportunity, *, uow: UnitOfWorkFactory) -> bool:
    with uow() as tx:
        return tx.credits.opportunity(
            cmd.opportunity_id,
            cmd.campaign_id,
            outcome=cmd.outcome,
            amount=cmd.amount,
            currency=cmd.currency,
            version=cmd.version,
            at=cmd.at,
        )
