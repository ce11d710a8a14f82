"""Credit note use cases: issue one against an issued invoice."""

from __future__ import annotations

import uuid
from typing import Any

from crm_billing.domain import credit_notes as cn
from crm_billing.domain.credit_notes import CreditNote, total_credited
from crm_billing.domain.errors import FieldError, InvalidFields
from crm_billing.domain.values import uuid_field
from crm_billing.service.access import CREDIT_NOTES, INVOICES
from crm_billing.service.common import Deps
from crm_chassis.auth.principal import Principal
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def issue_credit_note(deps: Deps, principal: Principal, fields: dict[str, Any]) -> CreditNote:
    """Credit an issued invoice: 409 for a draft or cancelled one, 422 for too much."""
    deps.access.require(principal, CREDIT_NOTES, "create")
    deps.access.check_writable(principal, CREDIT_NOTES, fields.keys())
    errors: list[FieldError] = []
    invoice_id = uuid_field("invoice_id", fields.get("invoice_id"), errors, required=True)
    if errors:
        raise InvalidFields(errors)
    today, now = deps.clock.today(), deps.clock.now()
    with deps.uow() as uow:
        invoice = uow.invoices.get(invoice_id)
        if invoice is None or not deps.access.can_see(principal, INVOICES, invoice):
            raise InvalidFields([FieldError("invoice_id", "is not an existing invoice")])
        credited = total_credited(uow.credit_notes.of_invoice(invoice.id))
        note = CreditNote.issue(
            id=uuid.uuid4(),
            number="pending",
            invoice=invoice,
            credited_so_far=credited,
            fields=fields,
            today=today,
            now=now,
        )
        note.number = uow.numbers.next(cn.PREFIX, today.year)
        uow.credit_notes.add(note)
        uow.invoices.save(invoice)
    log.info("credit_note.issued", credit_note_id=str(note.id), invoice_id=str(invoice_id))
    return note
