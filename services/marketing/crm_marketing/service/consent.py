"""Consent: unsubscribes (recorded once, announced to contacts and sales), hard bounces,
and the suppression list administrators keep."""

from __future__ import annotations

from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import AlreadyExists, RecordNotFound
from crm_marketing.adapters.suppression_store import SuppressionStore
from crm_marketing.domain.audience_commands import (
    AddSuppression,
    RecordHardBounce,
    RemoveSuppression,
    Unsubscribe,
)
from crm_marketing.domain.consent import HARD_BOUNCED, Suppression, normal_address
from crm_marketing.service.audience_access import require_admin
from crm_marketing.service.unit_of_work import UnitOfWorkFactory


def unsubscribe(cmd: Unsubscribe, *, uow: UnitOfWorkFactory) -> bool:
    """Suppress the address; the first time also emits marketing.recipient.unsubscribed.v1
    (in the same transaction, through the outbox). No caller: the public link's signed
    token is the authority, checked by the endpoint that calls this."""
    suppression = Suppression.unsubscribe(
        address=cmd.address,
        now=utcnow(),
        mailing_id=cmd.mailing_id,
        contact_id=cmd.contact_id,
        lead_id=cmd.lead_id,
    )
    with uow() as tx:
        return tx.suppressions.add_once(suppression)


class ConsentUnsubscriber:
    """The mailings' ``Unsubscriber`` port: consent's Unsubscribe in its own transaction
    (recorded and announced once, so a retry after a failure is safe)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self.uow = uow

    def unsubscribe(
        self, address: str, *, contact_id: UUID | None, lead_id: UUID | None, mailing_id: UUID
    ) -> None:
        command = Unsubscribe(
            address, mailing_id=mailing_id, contact_id=contact_id, lead_id=lead_id
        )
        unsubscribe(command, uow=self.uow)


def record_hard_bounce(cmd: RecordHardBounce, *, uow: UnitOfWorkFactory) -> bool:
    """Suppress a hard-bounced address (the send job); True when it was not yet suppressed."""
    suppression = Suppression.create(
        address=cmd.address,
        reason=HARD_BOUNCED,
        by="mailing",
        now=utcnow(),
        mailing_id=cmd.mailing_id,
        contact_id=cmd.contact_id,
        lead_id=cmd.lead_id,
    )
    with uow() as tx:
        return tx.suppressions.add_once(suppression)


def add_suppression(
    cmd: AddSuppression, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Suppression:
    require_admin(access, caller)
    suppression = Suppression.create(
        address=cmd.address, reason=cmd.reason, by=caller.subject, now=utcnow(), note=cmd.note
    )
    with uow() as tx:
        # An administrator's entry announces nothing: only an unsubscribe is the person's
        # own wish that contacts and sales record.
        if not SuppressionStore(tx.session).add_once(suppression):
            raise AlreadyExists(f"{suppression.address} is already suppressed.")
    return suppression


def remove_suppression(
    cmd: RemoveSuppression, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require_admin(access, caller)
    address = normal_address(cmd.address) or ""
    with uow() as tx:
        if not SuppressionStore(tx.session).remove(address):
            raise RecordNotFound("Suppression", address)
