"""Consent from marketing: an unsubscribe sets the lead's e-mail opt-out."""

from __future__ import annotations

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_sales.domain.commands import OptOutOfEmail
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def opt_out_of_email(cmd: OptOutOfEmail, *, uow: UnitOfWorkFactory) -> bool:
    """No caller: the person's own wish, relayed by marketing's event. A lead that is gone or
    converted (read-only; it lives on as a contact) changes nothing, nor one already opted
    out (a redelivered or repeated unsubscribe is a no-op)."""
    with uow() as tx:
        lead = tx.leads.get(cmd.lead_id)
        if lead is None or lead.converted or lead.email_opt_out:
            return False
        fields = LeadFields(email_opt_out=True)
        lead.update(fields, {"email_opt_out"}, now=utcnow(), by="marketing", expected_version=None)
        tx.leads.save(lead)
    log.info("lead.email_opted_out", lead_id=str(cmd.lead_id))
    return True
