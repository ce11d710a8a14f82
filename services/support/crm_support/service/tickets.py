"""Ticket use cases: open (numbered, checked, assigned), change (fields, status, owner), and
merged accounts re-pointing their tickets."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_support.domain.commands import ChangeTicket, LogTime, OpenTicket, RepointAccounts
from crm_support.domain.errors import TicketNotFound
from crm_support.domain.picklists import OWNER_KINDS, TicketLists
from crm_support.domain.ports import References
from crm_support.domain.tickets import Ticket, TicketFields, ticket_number
from crm_support.service.access import (
    TICKETS,
    caller_id,
    is_portal,
    portal_account,
    portal_contact,
    require_staff,
    ticket_fields,
)
from crm_support.service.assignment import assign_by_rules, ticket_lists
from crm_support.service.references import check_references
from crm_support.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
#: What a portal caller's ticket takes from its token and the channel, whatever it sends.
PORTAL_FIXED = frozenset({"account_id", "contact_id", "channel"})


def owner_kind(access: RecordAccess, owner_id: UUID | None) -> str | None:
    """'group' for a group of the policy, else 'user' (after ``check_owner``)."""
    if owner_id is None:
        return None
    return OWNER_KINDS[1] if access.is_group(owner_id) else OWNER_KINDS[0]


def open_ticket(
    cmd: OpenTicket,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    references: References,
    caller: Principal,
) -> Ticket:
    """Open a ticket: fields checked, references checked as the caller, a gap-free number
    taken in the same transaction, and an owner from the rules when none is given."""
    access.require(caller, TICKETS, "create")
    fields = cmd.fields
    if is_portal(caller):
        # Staff-only fields sent are refused (403); the account and contact are replaced.
        ticket_fields(access, caller).check_writable(cmd.sent - PORTAL_FIXED)
        # A customer's ticket is at its own account and contact, whatever it sent.
        fields = replace(
            fields,
            account_id=portal_account(caller),
            contact_id=portal_contact(caller),
            channel="portal",
            owner_id=None,
            time_spent_minutes=None,
        )
    else:
        ticket_fields(access, caller).check_writable(cmd.sent - {"owner_kind"})
    if fields.owner_id is not None:
        access.check_owner(fields.owner_id)
    fields = replace(fields, owner_kind=owner_kind(access, fields.owner_id))
    with uow() as tx:
        lists = ticket_lists(tx)
    # The domain's checks first (a bad title is 422 before any remote call).
    Ticket.open(id=uuid4(), number="", fields=fields, now=utcnow(), by="", lists=lists)
    portal = is_portal(caller)
    # The e-mail channel (a service, no user's token) names the contact it matched itself.
    if not (caller.kind == "service" and cmd.token is None):
        check_references(
            references,
            account_id=fields.account_id,
            contact_id=None if portal else fields.contact_id,
            product_id=fields.product_id,
            token=None if portal else cmd.token,
            trusted_account=portal,
        )
    with uow() as tx:
        ticket = _open(tx, fields, caller.subject, lists)
        if ticket.owner_id is None:
            assign_by_rules(tx, access, ticket, caller.subject, creator=caller_id(caller))
        tx.tickets.add(ticket)
    log.info("ticket.opened", ticket_id=str(ticket.id), number=ticket.number)
    return ticket


def _open(tx: UnitOfWork, fields: TicketFields, by: str, lists: TicketLists) -> Ticket:
    now = utcnow()
    number = ticket_number(now.year, tx.counters.next(now.year))
    return Ticket.open(id=uuid4(), number=number, fields=fields, now=now, by=by, lists=lists)


def change_ticket(
    cmd: ChangeTicket,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    references: References,
    caller: Principal,
) -> Ticket:
    """Change the sent fields, then the owner, then the status (a reopen needs a reason)."""
    access.require(caller, TICKETS, "edit")
    # Customers add comments and attachments; changing a ticket is staff's work.
    require_staff(caller)
    names = set(cmd.sent) - {"status", "reason"}
    ticket_fields(access, caller).check_writable(names - {"owner_kind"})
    if cmd.status is not None:
        ticket_fields(access, caller).check_writable({"status"})
    new_owner = cmd.fields.owner_id
    if "owner_id" in names and new_owner is not None:
        access.check_owner(new_owner)
    with uow() as tx:
        # 404/403 before any remote call; the references are then checked with no lock held.
        current = load(tx, access, caller, cmd.ticket_id, "edit", lock=False)
        lists = ticket_lists(tx)
    if names & {"account_id", "contact_id", "product_id"}:
        account = cmd.fields.account_id if "account_id" in names else current.account_id
        contact = cmd.fields.contact_id if "contact_id" in names else current.contact_id
        check_references(
            references,
            account_id=account,
            contact_id=contact if names & {"account_id", "contact_id"} else None,
            product_id=cmd.fields.product_id if "product_id" in names else None,
            token=cmd.token,
            trusted_account="account_id" not in names,
        )
    with uow() as tx:
        ticket = load(tx, access, caller, cmd.ticket_id, "edit")
        ticket.expect_version(cmd.expected_version)
        now, by = utcnow(), caller.subject
        # A reopen comes first (a Closed ticket's fields change only once reopened); any
        # other status change last (closing with a resolution publishes it resolved).
        reopening = ticket.is_closed and cmd.status is not None
        if reopening:
            ticket.change_status(cmd.status, now=now, by=by, reason=cmd.reason)
        ticket.update(cmd.fields, names, now=now, by=by, lists=lists)
        if "owner_id" in names:
            kind = owner_kind(access, new_owner)
            ticket.assign(new_owner, kind, now=now, by=by, reason="manual")
        if cmd.status is not None and not reopening:
            ticket.change_status(cmd.status, now=now, by=by, reason=cmd.reason)
        tx.tickets.save(ticket)
    return ticket


def log_time(
    cmd: LogTime, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Ticket:
    """Add worked minutes; the field must be writable for the caller (a Closed ticket too:
    time is often booked after the fact)."""
    access.require(caller, TICKETS, "edit")
    require_staff(caller)
    ticket_fields(access, caller).check_writable({"time_spent_minutes"})
    with uow() as tx:
        ticket = load(tx, access, caller, cmd.ticket_id, "edit")
        ticket.log_time(cmd.minutes, now=utcnow(), by=caller.subject)
        tx.tickets.save(ticket)
    return ticket


def repoint_accounts(cmd: RepointAccounts, *, uow: UnitOfWorkFactory) -> int:
    """contacts.account.merged.v1: tickets of the merged accounts name the survivor."""
    merged = [m for m in cmd.merged_ids if m != cmd.surviving_id]
    count = 0
    with uow() as tx:
        for ticket_id in tx.tickets.ids_of_accounts(merged):
            ticket = tx.tickets.get(ticket_id)
            if ticket is None:
                continue
            ticket.account_id = cmd.surviving_id
            ticket.touch(utcnow())
            tx.tickets.save(ticket)
            count += 1
    if count:
        log.info("tickets.repointed", count=count, account_id=str(cmd.surviving_id))
    return count


def load(
    tx: UnitOfWork,
    access: RecordAccess,
    caller: Principal,
    ticket_id: UUID,
    action: str,
    *,
    lock: bool = True,
) -> Ticket:
    """Invisible answers 404 like a missing id; visible but not ours to change, 403."""
    ticket = tx.tickets.get(ticket_id, lock=lock)
    if ticket is None or not access.can_see(caller, TICKETS, ticket):
        raise TicketNotFound(ticket_id)
    access.require_on(caller, TICKETS, action, ticket)
    return ticket
