"""Merge use cases: field-by-field merge of duplicate accounts or contacts."""

from __future__ import annotations

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain import accounts as account_rules
from crm_contacts.domain import contacts as contact_rules
from crm_contacts.domain import events
from crm_contacts.domain.commands import MergeRecords
from crm_contacts.domain.merges import Merged, mark_merged, merged_fields
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.accounts import load_account
from crm_contacts.service.contacts import load_contact
from crm_contacts.service.owners import check_owner
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)
MAX_MERGED = 10


def merge_records(
    cmd: MergeRecords, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Merged:
    """Merge records into a survivor; the caller must be allowed to edit the survivor and
    delete each merged record."""
    module = ACCOUNTS if cmd.entity == "accounts" else CONTACTS
    access.require(caller, module, "edit")
    access.require(caller, module, "delete")
    merged_ids = list(dict.fromkeys(cmd.merged_ids))
    if not merged_ids or len(merged_ids) > MAX_MERGED:
        raise invalid("merged_ids", f"name 1 to {MAX_MERGED} records")
    access.check_writable(caller, module, cmd.choices.keys())
    load = load_account if module == ACCOUNTS else load_contact
    rules = account_rules if module == ACCOUNTS else contact_rules
    with uow() as tx:
        repo = tx.accounts if module == ACCOUNTS else tx.contacts
        # Lock in id order, so two concurrent merges of the same records cannot deadlock.
        loaded = {
            i: load(tx, access, caller, i, "edit" if i == cmd.survivor_id else "delete")
            for i in sorted({cmd.survivor_id, *merged_ids}, key=str)
        }
        survivor, others = loaded[cmd.survivor_id], [loaded[i] for i in merged_ids]
        fields, sent = merged_fields(survivor, others, cmd.choices, rules.EDITABLE)
        if "owner_id" in sent:
            check_owner(tx, fields.owner_id, access)
        now = utcnow()
        survivor.update(fields, sent, now=now, expected_version=None)
        for other in others:
            mark_merged(other, survivor.id, now)
            repo.save(other)
        repo.save(survivor)
        from_ids = [o.id for o in others]
        moved = repo.repoint_references(from_ids, survivor.id, now)
        related_type = "account" if module == ACCOUNTS else "contact"
        moved.update(tx.activity_refs.repoint(related_type, from_ids, survivor.id, now))
        merged = tuple(o.id for o in others)
        survivor.events.append(
            events.AccountMerged(
                account=survivor.snapshot(),
                merged_ids=merged,
                merged_at=now,
                merged_by=caller.subject,
            )
            if module == ACCOUNTS
            else events.ContactMerged(
                contact=survivor.snapshot(),
                merged_ids=merged,
                merged_at=now,
                merged_by=caller.subject,
            )
        )
    log.info(
        "records.merged",
        entity=cmd.entity,
        survivor_id=str(cmd.survivor_id),
        merged_ids=[str(i) for i in merged_ids],
        moved=moved,
    )
    return Merged(survivor=survivor, moved=moved)
