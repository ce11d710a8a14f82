"""Merge use cases: field-by-field merge of duplicate accounts or contacts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.logging import get_logger
from crm_contacts.domain import accounts as account_rules
from crm_contacts.domain import contacts as contact_rules
from crm_contacts.domain import events
from crm_contacts.domain.merges import mark_merged, merged_values
from crm_contacts.service.access import ACCOUNTS, CONTACTS, Access
from crm_contacts.service.accounts import load_account
from crm_contacts.service.contacts import load_contact
from crm_contacts.service.owners import check_owner

log = get_logger(__name__)
UowFactory = Callable[[], Any]
MAX_MERGED = 10


def merge(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    entity: str,
    survivor_id: UUID,
    merged_ids: Sequence[UUID],
    choices: Mapping[str, UUID],
) -> tuple[Any, dict[str, int]]:
    """Merge ``merged_ids`` into ``survivor_id``; return the survivor and re-pointed counts.

    The caller must be allowed to edit the survivor and delete each merged record.
    """
    module = ACCOUNTS if entity == "accounts" else CONTACTS
    access.require(principal, module, "edit")
    access.require(principal, module, "delete")
    merged_ids = list(dict.fromkeys(merged_ids))
    if not merged_ids or len(merged_ids) > MAX_MERGED:
        raise InvalidFields([FieldError("merged_ids", f"name 1 to {MAX_MERGED} records")])
    access.check_writable(principal, module, choices.keys())
    load = load_account if module == ACCOUNTS else load_contact
    rules = account_rules if module == ACCOUNTS else contact_rules
    with uow_factory() as uow:
        repo = uow.accounts if module == ACCOUNTS else uow.contacts
        # Lock in id order, so two concurrent merges of the same records cannot deadlock.
        loaded = {
            i: load(uow, access, principal, i, "edit" if i == survivor_id else "delete")
            for i in sorted({survivor_id, *merged_ids}, key=str)
        }
        survivor, others = loaded[survivor_id], [loaded[i] for i in merged_ids]
        changes = merged_values(survivor, others, choices, rules.EDITABLE, rules._raw)
        if "owner_id" in changes:
            check_owner(uow, changes["owner_id"], access.is_group)
        now = utcnow()
        survivor.update(changes, now=now, expected_version=None)
        for other in others:
            mark_merged(other, survivor.id, now)
            repo.save(other)
        repo.save(survivor)
        moved = repo.repoint_references([o.id for o in others], survivor.id, now)
        event = events.AccountMerged if module == ACCOUNTS else events.ContactMerged
        survivor.events.append(
            event(survivor.snapshot(), tuple(o.id for o in others), now, principal.subject)
        )
    log.info(
        "records.merged",
        entity=entity,
        survivor_id=str(survivor_id),
        merged_ids=[str(i) for i in merged_ids],
        moved=moved,
    )
    return survivor, moved
