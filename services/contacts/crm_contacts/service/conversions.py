"""sales.lead.converted: create (or match) the account and create the contact, exactly once.

Since sales converts through contacts' ConvertLead RPC (service/lead_conversions.py), the
records already exist when the event arrives (``lead_conversions`` names them) and this
handler changes nothing. It stays for events already in flight from before, whose ids sales
generated: those records are created WITH THOSE IDS. Exactly-once comes from two guards: the
consumer's inbox (a redelivered event id has no second effect) and the ids themselves (a
record that already exists with the id is left alone, so a re-sent event changes nothing).

The event is a fact that already happened in sales: values that our pick lists or rules
refuse (an industry we do not ship, a malformed e-mail) are dropped rather than failing the
whole conversion, and the owner is taken as sales sent it (our owner directory may not have
heard of a brand-new user yet). The lead's tasks, calls/meetings and notes move to the
contact as ConvertLead moves them (:func:`move_lead_activities`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import TypeVar
from uuid import UUID

from crm_chassis.db import utcnow
from crm_chassis.errors import InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.commands import ApplyLeadConversion
from crm_contacts.domain.contacts import Contact
from crm_contacts.domain.lead_conversions import moved_entry
from crm_contacts.service.accounts import assign_code
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
MAX_MERGE_HOPS = 10
F = TypeVar("F")
R = TypeVar("R")


def apply_lead_conversion(
    cmd: ApplyLeadConversion, *, uow: UnitOfWorkFactory
) -> tuple[UUID | None, UUID | None]:
    """Apply one conversion; return (account id, contact id) as they now exist."""
    with uow() as tx:
        done = tx.conversions.get(cmd.lead_id) if cmd.lead_id is not None else None
        if done is not None:
            # Contacts already converted this lead synchronously (ConvertLead): nothing to do.
            return done.account_id, done.contact_id
        account_id = cmd.account_id
        if account_id is not None:
            account_id = _ensure_account(tx, cmd, account_id)
        if cmd.contact_id is not None:
            _ensure_contact(tx, cmd, account_id)
            if cmd.lead_id is not None:
                move_lead_activities(tx, cmd.lead_id, account_id, cmd.contact_id)
    log.info(
        "lead.conversion_applied",
        lead_id=str(cmd.lead_id),
        account_id=str(account_id),
        contact_id=str(cmd.contact_id),
    )
    return account_id, cmd.contact_id


def _ensure_account(tx: UnitOfWork, cmd: ApplyLeadConversion, account_id: UUID) -> UUID:
    existing = tx.accounts.get(account_id)
    hops = 0
    while existing is not None and existing.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        # Matched an account that was merged meanwhile: its contacts belong to the survivor.
        account_id, hops = existing.merged_into_id, hops + 1
        existing = tx.accounts.get(account_id)
    if existing is not None:
        return account_id
    account = tolerant(
        lambda given: Account.create(
            id=account_id,
            owner_id=cmd.owner_id,
            now=utcnow(),
            fields=given,
            origin_lead_id=cmd.lead_id,
        ),
        cmd.account,
        keep="name",
    )
    assign_code(tx, account)
    tx.accounts.add(account)
    return account_id


def _ensure_contact(tx: UnitOfWork, cmd: ApplyLeadConversion, account_id: UUID | None) -> None:
    assert cmd.contact_id is not None
    if tx.contacts.get(cmd.contact_id) is not None:
        return
    contact = tolerant(
        lambda given: Contact.create(
            id=cmd.contact_id,  # type: ignore[arg-type]
            owner_id=cmd.owner_id,
            now=utcnow(),
            fields=replace(given, account_id=account_id),
            origin_lead_id=cmd.lead_id,
        ),
        cmd.contact,
        keep="last_name",
    )
    tx.contacts.add(contact)


def move_lead_activities(
    tx: UnitOfWork, lead_id: UUID, account_id: UUID | None, contact_id: UUID
) -> None:
    """The lead's tasks, calls/meetings and notes now are about its contact; each shows once
    on the contact's and the account's timeline."""
    moved = tx.conversions.move_lead_activities(lead_id, contact_id, utcnow())
    for activity in moved:
        entry = moved_entry(activity, lead_id, account_id, contact_id)
        if not tx.timeline.has_event(entry.event_id):
            tx.timeline.add(entry)
    if moved:
        log.info("lead.activities_moved", lead_id=str(lead_id), count=len(moved))


def tolerant(build: Callable[[F], R], given: F, *, keep: str) -> R:
    """Build the record, dropping the optional fields our rules refuse (and say so)."""
    names = {f.name for f in fields(given)}  # type: ignore[arg-type]
    for _ in range(3):
        try:
            return build(given)
        except InvalidFields as exc:
            bad = {e.field.split(".")[0] for e in exc.errors or ()} & names
            bad -= {keep}
            if not bad:
                raise
            log.warning("lead.conversion_fields_dropped", fields=sorted(bad))
            given = replace(given, **dict.fromkeys(bad))  # type: ignore[type-var]
    return build(given)
