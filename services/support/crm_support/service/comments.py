"""Comment and attachment use cases: a ticket's thread.

A customer's comment (portal, or the e-mail channel naming the matched contact) is always
public; on a Wait For Response ticket it hands the ticket back (Open); on a Closed ticket
it reopens it within the reopen window, else it opens a new ticket linked to the closed one
(``parent_ticket_id``) and lands there. Staff comments never change the status; the first
public one stamps ``first_response_at``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from uuid import UUID, uuid4

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import InvalidFields, RecordNotFound, invalid
from crm_chassis.fields import text
from crm_support.domain.commands import AddAttachment, AddComment
from crm_support.domain.comments import (
    CUSTOMER,
    STAFF,
    Attachment,
    AttachmentLimits,
    Comment,
    PostedComment,
    check_attachment,
    clean_filename,
)
from crm_support.domain.picklists import AUTHOR_KINDS
from crm_support.domain.tickets import COMMENT_MAX, Ticket, TicketFields, ticket_number
from crm_support.service.access import TICKETS, caller_id, is_portal, portal_contact
from crm_support.service.assignment import assign_by_rules, reopen_window, ticket_lists
from crm_support.service.tickets import load
from crm_support.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def _author(cmd: AddComment, caller: Principal) -> tuple[str, UUID | None, bool]:
    """(author_kind, author_id, is_public) as the caller may claim them."""
    if is_portal(caller):
        return CUSTOMER, portal_contact(caller), True
    if caller.kind == "service":
        kind = cmd.author_kind or CUSTOMER
        if kind not in AUTHOR_KINDS:
            raise invalid("author_kind", "must be staff or customer")
        return kind, cmd.author_id, cmd.is_public or kind == CUSTOMER
    return STAFF, caller_id(caller), cmd.is_public


def add_comment(
    cmd: AddComment,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    reopen_window_days: float,
    caller: Principal,
) -> PostedComment:
    """Add a comment; a customer's may reopen the ticket or start a linked one."""
    access.require(caller, TICKETS, "edit")
    with uow() as tx:
        ticket = load(tx, access, caller, cmd.ticket_id, "edit")
        seen = tx.thread.by_message_id(cmd.message_id) if cmd.message_id else None
        if seen is not None and seen.ticket_id == ticket.id:
            # The same e-mail delivered again: the comment it made, not a second one.
            return PostedComment(ticket=ticket, comment=seen)
        body = text(cmd.body)
        if body is None or len(body) > COMMENT_MAX:
            raise invalid("body", f"is required, at most {COMMENT_MAX} characters")
        kind, author, public = _author(cmd, caller)
        now, new_ticket = utcnow(), False
        if kind == CUSTOMER:
            window = reopen_window(tx, reopen_window_days)
            if not ticket.customer_answered(now=now, window=window, by=caller.subject):
                ticket, new_ticket = _follow_up(tx, access, ticket, now, caller.subject), True
        comment = Comment(
            id=uuid4(),
            ticket_id=ticket.id,
            body=body,
            is_public=public,
            author_id=author,
            author_kind=kind,
            created_at=now,
            message_id=cmd.message_id,
        )
        ticket.add_comment(comment)
        if new_ticket:
            tx.tickets.add(ticket)
        else:
            tx.tickets.save(ticket)
        tx.thread.add_comment(comment)
    return PostedComment(ticket=ticket, comment=comment, new_ticket=new_ticket)


def _follow_up(
    tx: UnitOfWork, access: RecordAccess, closed: Ticket, now: datetime, by: str
) -> Ticket:
    """A new ticket continuing one closed longer ago than the reopen window."""
    fields = TicketFields(
        title=closed.title,
        description=closed.description,
        account_id=closed.account_id,
        contact_id=closed.contact_id,
        product_id=closed.product_id,
        priority=closed.priority,
        severity=closed.severity,
        category=closed.category,
        channel=closed.channel,
        parent_ticket_id=closed.id,
    )
    number = ticket_number(now.year, tx.counters.next(now.year))
    lists = ticket_lists(tx).keeping(closed.severity, closed.category)
    ticket = Ticket.open(id=uuid4(), number=number, fields=fields, now=now, by=by, lists=lists)
    # The agent who knew the problem gets it again, while they may own tickets.
    if closed.owner_id is not None and access.is_owner(closed.owner_id):
        ticket.assign(closed.owner_id, closed.owner_kind, now=now, by=by, reason="follow_up")
    else:
        assign_by_rules(tx, access, ticket, by, creator=None)
    return ticket


def add_attachment(
    cmd: AddAttachment,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    attachment_limits: AttachmentLimits,
    caller: Principal,
) -> Attachment:
    """Store a file on a visible ticket (or on one of its comments the caller sees)."""
    access.require(caller, TICKETS, "edit")
    with uow() as tx:
        ticket = load(tx, access, caller, cmd.ticket_id, "edit")
        if cmd.comment_id is not None:
            comment = tx.thread.comment(ticket.id, cmd.comment_id)
            if comment is None or (is_portal(caller) and not comment.is_public):
                raise RecordNotFound("Comment", cmd.comment_id)
        try:
            filename = clean_filename(cmd.filename)
        except InvalidFields:
            filename = "attachment"
        media = check_attachment(
            cmd.content_type,
            len(cmd.content),
            max_bytes=attachment_limits.max_bytes,
            allowed=attachment_limits.types,
        )
        now = utcnow()
        attachment = Attachment(
            id=uuid4(),
            ticket_id=ticket.id,
            filename=filename,
            content_type=media,
            size=len(cmd.content),
            sha256=hashlib.sha256(cmd.content).hexdigest(),
            created_at=now,
            created_by=caller.subject,
            comment_id=cmd.comment_id,
        )
        tx.thread.add_attachment(attachment, cmd.content)
        ticket.touch(now)
        tx.tickets.save(ticket)
    return attachment
