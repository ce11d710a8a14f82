"""Credit note use cases: issue one against an issued invoice."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_billing.domain import credit_notes as cn
from crm_billing.domain.commands import IssueCreditNote, given
from crm_billing.domain.credit_notes import CreditNote, total_credited
from crm_billing.service.access import CREDIT_NOTES, INVOICES
from crm_billing.service.clock import Clock
from crm_billing.service.unit_of_work import UnitOfWorkFactory
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import invalid
from crm_chassis.fields import Checker
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def issue_credit_note(
    cmd: IssueCreditNote,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> CreditNote:
    """Credit an issued invoice: 409 for a draft or cancelled one, 422 for too much."""
    access.require(caller, CREDIT_NOTES, "create")
    access.check_writable(caller, CREDIT_NOTES, given(cmd))
    check = Checker()
    invoice_id = check.uuid("invoice_id", cmd.invoice_id, required=True)
    check.raise_if_any()
    assert invoice_id is not None
    today, now = clock.today(), clock.now()
    with uow() as tx:
        invoice = tx.invoices.get(invoice_id)
        if invoice is None or not access.can_see(caller, INVOICES, invoice):
            raise invalid("invoice_id", "is not an existing invoice")
        note = CreditNote.issue(
            id=uuid.uuid4(),
            number="pending",
            invoice=invoice,
            credited_so_far=total_credited(tx.credit_notes.of_invoice(invoice.id)),
            amount=cmd.amount,
            reason=cmd.reason,
            currency=cmd.currency,
            issued_on=cmd.issued_on,
            today=today,
            now=now,
        )
        # Numbered once it is valid, so a refused note does not use a number.
        note.numbered(tx.numbers.next(cn.PREFIX, today.year), invoice.number)
        tx.credit_notes.add(note)
        tx.invoices.save(invoice)
    log.info("credit_note.issued", credit_note_id=str(note.id), invoice_id=str(invoice_id))
    return note
