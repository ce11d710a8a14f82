"""Consent from marketing: an unsubscribe sets the contact's e-mail opt-out."""

from __future__ import annotations

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import OptOutOfEmail
from crm_contacts.domain.contacts import ContactFields
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)
# A contact merged away points at its survivor; follow a few hops, as reads do.
MAX_MERGE_HOPS = 10


def opt_out_of_email(cmd: OptOutOfEmail, *, uow: UnitOfWorkFactory) -> bool:
    """No caller: the person's own wish, relayed by marketing's event. A contact that is
    gone changes nothing (marketing's suppression list still keeps the address out); one
    already opted out neither (a redelivered or repeated unsubscribe is a no-op)."""
    with uow() as tx:
        contact = tx.contacts.get(cmd.contact_id)
        for _ in range(MAX_MERGE_HOPS):
            if contact is None or contact.merged_into_id is None:
                break
            contact = tx.contacts.get(contact.merged_into_id)
        if contact is None or contact.deleted_at is not None:
            return False
        changed = contact.update(
            ContactFields(email_opt_out=True),
            {"email_opt_out"},
            now=utcnow(),
            expected_version=None,
        )
        tx.contacts.save(contact)
    if changed:
        log.info("contact.email_opted_out", contact_id=str(contact.id))
    return bool(changed)
