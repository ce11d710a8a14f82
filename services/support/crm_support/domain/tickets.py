"""The ticket aggregate: a customer's problem, its thread, owner, status and history.

A ticket is numbered ``TT-YYYY-NNNNNN`` (gap-free per year; the service allocates the number
in the creating transaction). Its status follows ``TICKET_STATUS``; a Closed ticket is final
until reopened with a reason (by staff, or by the customer answering within the reopen
window). Every status, owner and priority change is one ``history`` entry, from which SLA
state and statistics are computed; ``closed_at`` is set exactly while the ticket is Closed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch, invalid
from crm_chassis.fields import search_text
from crm_chassis.states import StateMachine
from crm_support.domain import events
from crm_support.domain.comments import Comment
from crm_support.domain.errors import TicketClosed
from crm_support.domain.picklists import DEFAULT_CHANNEL, DEFAULT_PRIORITY, OWNER_KINDS, TicketLists

# The fields and their checks live in ticket_fields; they are imported from here too.
from crm_support.domain.ticket_fields import (  # noqa: F401 - re-exported
    COMMENT_MAX,
    DEFAULT_LISTS,
    EDITABLE,
    TICKET_FIELDS,
    TIME_SPENT_MAX,
    TicketFields,
    check_ticket,
)

OPEN, IN_PROGRESS, WAITING, CLOSED = "Open", "In Progress", "Wait For Response", "Closed"
#: Open statuses move freely among themselves and close; Closed is final, left only by a
#: reopen with a reason (recorded in the history), to Open or In Progress.
TICKET_STATUS = StateMachine(
    name="ticket",
    initial=OPEN,
    transitions={
        OPEN: frozenset({IN_PROGRESS, WAITING, CLOSED}),
        IN_PROGRESS: frozenset({OPEN, WAITING, CLOSED}),
        WAITING: frozenset({OPEN, IN_PROGRESS, CLOSED}),
        CLOSED: frozenset(),
    },
    reopen={CLOSED: frozenset({OPEN, IN_PROGRESS})},
)
OPEN_STATUSES = (OPEN, IN_PROGRESS, WAITING)
#: The fields a history entry tracks.
TRACKED = ("status", "owner", "priority")


def ticket_number(year: int, sequence: int) -> str:
    """``TT-2026-000123``: the year the ticket was opened, its place in that year."""
    return f"TT-{year:04d}-{sequence:06d}"


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a tracked field (status, owner, priority); old None when opened."""

    field: str
    old_value: str | None
    new_value: str | None
    changed_at: datetime
    changed_by: str
    reason: str | None = None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass
class Ticket:
    id: UUID
    number: str
    title: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    description: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    product_id: UUID | None = None
    priority: str = DEFAULT_PRIORITY
    severity: str | None = None
    category: str | None = None
    status: str = OPEN
    channel: str = DEFAULT_CHANNEL
    owner_id: UUID | None = None
    owner_kind: str | None = None
    time_spent_minutes: int = 0
    resolution: str | None = None
    parent_ticket_id: UUID | None = None
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)
    # New history entries not yet stored (the repository appends them).
    history: list[HistoryEntry] = field(default_factory=list, compare=False, repr=False)

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED

    @property
    def search_text(self) -> str:
        return search_text(self.number, self.title, self.description, separator=" ")

    def snapshot(self) -> Ticket:
        return replace(self, events=[], history=[])

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        number: str,
        fields: TicketFields,
        now: datetime,
        by: str,
        lists: TicketLists = DEFAULT_LISTS,
    ) -> Ticket:
        """A new Open ticket; record its first history entries and TicketOpened."""
        checked = check_ticket(fields, lists)
        if (checked.owner_id is None) != (checked.owner_kind is None):
            raise invalid("owner_kind", "is given with owner_id, 'user' or 'group'")
        ticket = cls(
            id=id,
            number=number,
            title=checked.title or "",
            created_at=now,
            updated_at=now,
            created_by=by,
            description=checked.description,
            account_id=checked.account_id,
            contact_id=checked.contact_id,
            product_id=checked.product_id,
            priority=checked.priority or DEFAULT_PRIORITY,
            severity=checked.severity,
            category=checked.category,
            channel=checked.channel or DEFAULT_CHANNEL,
            owner_id=checked.owner_id,
            owner_kind=checked.owner_kind,
            time_spent_minutes=checked.time_spent_minutes or 0,
            resolution=checked.resolution,
            parent_ticket_id=checked.parent_ticket_id,
        )
        ticket._record("status", None, OPEN, now, by)
        ticket._record("priority", None, ticket.priority, now, by)
        if ticket.owner_id is not None:
            ticket._record("owner", None, str(ticket.owner_id), now, by)
        ticket.events.append(events.TicketOpened(ticket=ticket.snapshot()))
        return ticket

    # -- changes -----------------------------------------------------------------------------

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def update(
        self,
        given: TicketFields,
        sent: Collection[str],
        *,
        now: datetime,
        by: str,
        expected_version: int | None = None,
        lists: TicketLists = DEFAULT_LISTS,
    ) -> list[str]:
        """Change the ``sent`` editable fields; return the names that changed."""
        self.expect_version(expected_version)
        names = [n for n in sorted(sent) if n in EDITABLE]
        current = TicketFields(**{n: getattr(self, n) for n in EDITABLE})
        wanted = check_ticket(
            replace(current, **{n: getattr(given, n) for n in names}),
            lists.keeping(self.severity, self.category),
        )
        if "priority" in names and wanted.priority is None:
            raise invalid("priority", "is required")
        if "time_spent_minutes" in names and wanted.time_spent_minutes is None:
            wanted = replace(wanted, time_spent_minutes=0)
        changed = [n for n in names if getattr(wanted, n) != getattr(self, n)]
        if changed and self.is_closed:
            raise TicketClosed(self.id)
        for name in changed:
            if name == "priority":
                self._record("priority", self.priority, wanted.priority, now, by)
            setattr(self, name, getattr(wanted, name))
        if changed:
            self.touch(now)
            self.events.append(events.TicketUpdated(ticket=self.snapshot(), changed=tuple(changed)))
        return changed

    def change_status(
        self, target: str, *, now: datetime, by: str, reason: str | None = None
    ) -> bool:
        """Move along the machine (409 naming the allowed next); Closed -> open is a reopen."""
        if target == self.status:
            TICKET_STATUS.check_known(target)
            return False
        if self.is_closed:
            TICKET_STATUS.check_reopen(self.status, target, reason)
            self._reopen(target, now=now, by=by, reason=reason or "")
            return True
        TICKET_STATUS.check(self.status, target)
        previous, self.status = self.status, target
        self._record("status", previous, target, now, by, reason)
        self.touch(now)
        snapshot_reason = reason.strip() if reason else None
        if target == CLOSED:
            self.closed_at = now
        self.events.append(
            events.TicketStatusChanged(
                ticket=self.snapshot(),
                from_status=previous,
                to_status=target,
                reason=snapshot_reason,
                by=by,
                at=now,
            )
        )
        if target == CLOSED:
            if self.resolution:
                self.events.append(events.TicketResolved(ticket=self.snapshot(), at=now))
            self.events.append(events.TicketClosed(ticket=self.snapshot(), at=now))
        return True

    def _reopen(self, target: str, *, now: datetime, by: str, reason: str) -> None:
        previous, self.status, self.closed_at = self.status, target, None
        self._record("status", previous, target, now, by, reason.strip())
        self.touch(now)
        self.events.append(
            events.TicketStatusChanged(
                ticket=self.snapshot(),
                from_status=previous,
                to_status=target,
                reason=reason.strip(),
                by=by,
                at=now,
            )
        )
        self.events.append(
            events.TicketReopened(ticket=self.snapshot(), reason=reason.strip(), by=by, at=now)
        )

    def assign(
        self,
        owner_id: UUID | None,
        owner_kind: str | None,
        *,
        now: datetime,
        by: str,
        reason: str,
        rule_id: UUID | None = None,
    ) -> bool:
        """Give the ticket to a user or a group (or nobody); False when unchanged."""
        if (owner_id is None) != (owner_kind is None):
            raise invalid("owner_kind", "is given with owner_id, 'user' or 'group'")
        if owner_kind is not None and owner_kind not in OWNER_KINDS:
            raise invalid("owner_kind", "must be one of: user, group")
        if (owner_id, owner_kind) == (self.owner_id, self.owner_kind):
            return False
        if self.is_closed:
            raise TicketClosed(self.id)
        previous = self.owner_id
        self.owner_id, self.owner_kind = owner_id, owner_kind
        self._record("owner", _str(previous), _str(owner_id), now, by, reason)
        self.touch(now)
        self.events.append(
            events.TicketAssigned(
                ticket=self.snapshot(),
                previous_owner_id=previous,
                reason=reason,
                rule_id=rule_id,
                by=by,
                at=now,
            )
        )
        return True

    def add_comment(self, comment: Comment) -> None:
        """Append to the thread; a staff public comment is a response (first one stamped)."""
        if comment.author_kind == "staff" and comment.is_public and self.first_response_at is None:
            self.first_response_at = comment.created_at
        self.touch(comment.created_at)
        self.events.append(events.CommentAdded(ticket=self.snapshot(), comment=comment))

    def customer_answered(self, *, now: datetime, window: timedelta, by: str) -> bool:
        """A customer's comment: reopen a Closed ticket within ``window`` of its closing.

        True when the comment belongs on this ticket (open, or reopened now); False when
        the ticket was closed longer ago, so the caller starts a new linked ticket.
        """
        if not self.is_closed:
            if self.status == WAITING:
                # The customer answered: the ball is back with us.
                self.change_status(OPEN, now=now, by=by, reason="customer answered")
            return True
        if self.closed_at is not None and now - self.closed_at <= window:
            self._reopen(OPEN, now=now, by=by, reason="customer answered within the reopen window")
            return True
        return False

    def log_time(self, minutes: int, *, now: datetime, by: str) -> None:
        """Add worked minutes (an increment: two agents logging at once both count)."""
        if isinstance(minutes, bool) or not 1 <= minutes <= TIME_SPENT_MAX:
            raise invalid("minutes", f"must be a whole number from 1 to {TIME_SPENT_MAX}")
        if self.time_spent_minutes + minutes > TIME_SPENT_MAX:
            raise invalid("minutes", "would take the ticket's time spent out of range")
        self.time_spent_minutes += minutes
        self.touch(now)
        self.events.append(
            events.TicketUpdated(ticket=self.snapshot(), changed=("time_spent_minutes",))
        )

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def _record(
        self,
        name: str,
        old: str | None,
        new: str | None,
        now: datetime,
        by: str,
        reason: str | None = None,
    ) -> None:
        self.history.append(HistoryEntry(name, old, new, now, by, reason))
