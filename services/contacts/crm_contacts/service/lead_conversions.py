"""ConvertLead: sales asks, synchronously, for the account and contact of a lead it converts.

One transaction: the match keys are locked first (``match_locks``), then the conversion of
this lead is looked up (a retry, or a concurrent conversion of the same lead, gets the same
answer), then the contact and the account are matched or created, the lead's activities
move to the contact, then the answer is stored. So two conversions of one company at once
give one account, and a lead whose e-mail is a contact's converts onto that contact.

Order of choice. Contact: the one named (``contact_id``, which the caller must see), none when
``create_new_contact``, else sales' known duplicate, else the oldest live contact with the
lead's e-mail. Account: the one named (``account_id``, visible to the caller), a new one when
``create_new_account``, else the matched contact's account, else the oldest live account with
the same name key, else with the same web domain, else a new one.

Access. Creating an account needs ``accounts.create``, a contact ``contacts.create``. Matching
considers only records the caller may see: a lead is never put onto an account or contact
its converter cannot see. When every match is hidden from the caller, the answer is a 409
(a matching record exists that the caller cannot see: ask its owner to share it, or convert
with ``create_new_account`` / ``create_new_contact``) that reveals nothing of the record.
Matching reads only fields the caller sees: a key made from a field the caller's profile
hides (an account's name; its website or e-mail for the web domain; a contact's e-mail) is
not matched on at all, as if the field did not exist, so a match can never confirm a hidden
value (issue 12 case 2).

Afterwards. An existing contact without an account joins the conversion's account (an update
with its event, when the caller may edit it). Tasks, calls/meetings and notes about the lead
are about its contact from then on, and show on the contact's and the account's timeline.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from uuid import UUID

from crm_access import RecordAccess
from crm_access.field_queries import hidden_in
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Conflict, Forbidden, invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain.accounts import Account
from crm_contacts.domain.commands import ConvertLead
from crm_contacts.domain.contacts import Contact, ContactFields
from crm_contacts.domain.lead_conversions import (
    LeadConversionResult,
    MatchKeys,
    account_fields,
    contact_fields,
    match_keys,
)
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.accounts import assign_code
from crm_contacts.service.conversions import MAX_MERGE_HOPS, move_lead_activities, tolerant
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


def convert_lead(
    cmd: ConvertLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> LeadConversionResult:
    """Match or create the lead's account and contact; the same answer for the same lead."""
    if not (access.allows(caller, ACCOUNTS, "create") or access.allows(caller, CONTACTS, "create")):
        raise Forbidden("Converting a lead needs permission to create accounts or contacts.")
    keys = match_keys(
        str(cmd.account.get("name") or ""),
        cmd.website or _text(cmd.account.get("website")),
        cmd.email or _text(cmd.contact.get("email")),
    )
    # Decided before the write transaction: nothing in it depends on the database, and
    # every step inside it keeps other conversions waiting (the write lock).
    seen = seen_keys(access, caller, keys)
    with uow() as tx:
        now = utcnow()
        tx.conversions.lock(keys.lock_keys(cmd.lead_id), now)
        done = tx.conversions.get(cmd.lead_id)
        if done is not None:
            survivor = _live(tx, "contacts", done.contact_id)
            if survivor is not None:  # anything put on the lead since moves too
                move_lead_activities(tx, cmd.lead_id, survivor.account_id, survivor.id)
            return done
        contact = _contact(tx, access, caller, cmd, seen)
        account_id, existing_account = _account(tx, access, caller, cmd, seen, contact)
        if contact is None:
            access.require(caller, CONTACTS, "create")
            contact = _new_contact(tx, cmd, account_id)
            existing_contact = False
        else:
            _attach(tx, access, caller, contact, account_id)
            existing_contact = True
        move_lead_activities(tx, cmd.lead_id, account_id, contact.id)
        result = LeadConversionResult(
            lead_id=cmd.lead_id,
            account_id=account_id,
            contact_id=contact.id,
            existing_account=existing_account,
            existing_contact=existing_contact,
        )
        tx.conversions.add(result, now)
    log.info(
        "lead.converted_in_contacts",
        lead_id=str(cmd.lead_id),
        account_id=str(result.account_id),
        existing_account=result.existing_account,
        contact_id=str(result.contact_id),
        existing_contact=result.existing_contact,
    )
    return result


#: The record fields each match key is made from (accounts' web domain: website, else e-mail).
KEY_READS = {
    "name_key": (ACCOUNTS, ("name",)),
    "domain": (ACCOUNTS, ("website", "email")),
    "email": (CONTACTS, ("email",)),
}


def seen_keys(access: RecordAccess, caller: Principal, keys: MatchKeys) -> MatchKeys:
    """The match keys without those made from a field the caller may not see."""
    dropped = {
        key: None
        for key, (module, reads) in KEY_READS.items()
        if hidden_in(access.fields(caller, module), reads)
    }
    return replace(keys, **dropped) if dropped else keys


def _text(value: object) -> str | None:
    return str(value) if value else None


def _live(tx: UnitOfWork, repo: str, record_id: UUID | None) -> Account | Contact | None:
    """The live record, following merges to the survivor; None when missing or deleted."""
    found = getattr(tx, repo).get(record_id) if record_id else None
    hops = 0
    while found is not None and found.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        found, hops = getattr(tx, repo).get(found.merged_into_id), hops + 1
    return found if found is not None and found.is_live else None


def _contact(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, cmd: ConvertLead, keys: MatchKeys
) -> Contact | None:
    if cmd.contact_id is not None:
        named = _live(tx, "contacts", cmd.contact_id)
        if named is None or not access.can_see(caller, CONTACTS, named):
            raise invalid("contact_id", "is not an existing contact")
        return named  # type: ignore[return-value]
    if cmd.create_new_contact:
        return None
    candidates = [cmd.duplicate_contact_id, *tx.conversions.contact_candidates(keys.email)]
    return _visible_match(tx, access, caller, CONTACTS, candidates)  # type: ignore[return-value]


def _account(
    tx: UnitOfWork,
    access: RecordAccess,
    caller: Principal,
    cmd: ConvertLead,
    keys: MatchKeys,
    contact: Contact | None,
) -> tuple[UUID, bool]:
    if cmd.account_id is not None:
        named = _live(tx, "accounts", cmd.account_id)
        if named is None or not access.can_see(caller, ACCOUNTS, named):
            raise invalid("account_id", "is not an existing account")
        return named.id, True
    if not cmd.create_new_account:
        candidates = [
            contact.account_id if contact else None,
            *tx.conversions.account_candidates(keys.name_key, keys.domain),
        ]
        found = _visible_match(tx, access, caller, ACCOUNTS, candidates)
        if found is not None:
            return found.id, True
    access.require(caller, ACCOUNTS, "create")
    account = tolerant(
        lambda given: Account.create(
            id=uuid.uuid4(),
            owner_id=cmd.owner_id,
            now=utcnow(),
            fields=given,
            origin_lead_id=cmd.lead_id,
        ),
        account_fields(cmd.account, cmd.tags),
        keep="name",
    )
    assign_code(tx, account)
    tx.accounts.add(account)
    return account.id, False


def _new_contact(tx: UnitOfWork, cmd: ConvertLead, account_id: UUID) -> Contact:
    contact = tolerant(
        lambda given: Contact.create(
            id=uuid.uuid4(),
            owner_id=cmd.owner_id,
            now=utcnow(),
            fields=replace(given, account_id=account_id),
            origin_lead_id=cmd.lead_id,
        ),
        contact_fields(cmd.contact, cmd.tags),
        keep="last_name",
    )
    tx.contacts.add(contact)
    return contact


def _visible_match(
    tx: UnitOfWork,
    access: RecordAccess,
    caller: Principal,
    module: str,
    candidates: list[UUID | None],
) -> Account | Contact | None:
    """The first live candidate the caller may see; None when there is none at all; a 409
    when there are only ones the caller may not see (saying nothing of them)."""
    hidden = False
    for candidate in dict.fromkeys(c for c in candidates if c is not None):
        found = _live(tx, module, candidate)
        if found is None:
            continue
        if access.can_see(caller, module, found):
            return found
        hidden = True
    if hidden:
        raise _hidden_match(module)
    return None


def _hidden_match(module: str) -> Conflict:
    what = "account" if module == ACCOUNTS else "contact"
    flag = f"create_new_{what}"
    return Conflict(
        f"A matching {what} exists that you cannot see. Ask its owner to share it with you, "
        f"or convert with {flag}: true.",
        extra={"hidden_match": what, "retry_with": flag},
    )


def _attach(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, contact: Contact, account_id: UUID
) -> None:
    """An existing contact without an account joins the conversion's account (an ordinary
    update, with its event), when the caller may edit it; otherwise it is left as it is."""
    if contact.account_id is not None:
        return
    may_edit = access.allows(caller, CONTACTS, "edit") and access.allows_on(
        caller, CONTACTS, "edit", contact
    )
    if not may_edit or access.fields(caller, CONTACTS).modes.get("account_id", "editable") != (
        "editable"
    ):
        log.info("lead.conversion_contact_not_attached", contact_id=str(contact.id))
        return
    fields = ContactFields(account_id=account_id)
    contact.update(fields, ("account_id",), now=utcnow(), expected_version=None)
    tx.contacts.save(contact)
