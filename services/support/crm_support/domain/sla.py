"""A ticket's SLA state, computed from its own history every time (no counters to drift).

Three clocks (docs/domain.md, "SLAs"):

- ``first_response`` starts when the ticket is opened and is met by the first public
  comment of staff;
- ``next_response`` starts at the first customer comment after the last staff reply (once
  the first response was given) and is met by the next public staff comment;
- ``resolution`` starts when the ticket is opened and is met when it is Closed (a reopened
  ticket's clock goes on from where it stopped).

The clocks run in the policy's business calendar, and stand still while the ticket waits for
the customer (``Wait For Response``) or is Closed. Because every figure comes from the
history, a corrected calendar or policy simply gives new figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crm_support.domain.business_time import (
    BusinessCalendar,
    NoWorkingTime,
    add_business_seconds,
    business_seconds_between,
)
from crm_support.domain.sla_policies import TARGETS, SlaPolicy

#: Statuses in which no SLA clock runs.
PAUSED = frozenset({"Wait For Response"})
CLOSED = "Closed"
INITIAL = "Open"

Period = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    status: str  # the status the ticket moved to


@dataclass(frozen=True)
class Reply:
    """A comment as the SLA sees it: when, public or not, and whose."""

    at: datetime
    is_public: bool
    by_customer: bool


@dataclass(frozen=True)
class TicketClock:
    """What the SLA reads from a ticket: when it opened, its status history, its thread."""

    created_at: datetime
    changes: Sequence[StatusChange] = ()
    replies: Sequence[Reply] = ()

    @property
    def status(self) -> str:
        return self.changes[-1].status if self.changes else INITIAL

    def closed_at(self) -> datetime | None:
        return self.changes[-1].at if self.status == CLOSED else None


@dataclass(frozen=True)
class TargetState:
    """One clock of one ticket, as every ticket answer shows it."""

    target: str
    minutes: int
    started_at: datetime
    due_at: datetime | None
    met_at: datetime | None
    remaining_minutes: int
    paused: bool
    met: bool
    breached: bool
    # The ticket was closed before the target was met: the clock no longer matters.
    stopped: bool


def sla_state(
    ticket: TicketClock, policy: SlaPolicy, calendar: BusinessCalendar, now: datetime
) -> tuple[TargetState, ...]:
    """Every target the policy sets that applies to the ticket now."""
    states = []
    for target in TARGETS:
        minutes = policy.minutes(target)
        window = _window(ticket, target)
        if minutes is None or window is None:
            continue
        started, met_at = window
        states.append(_clock(ticket, calendar, target, minutes, started, met_at, now))
    return tuple(states)


def _window(ticket: TicketClock, target: str) -> tuple[datetime, datetime | None] | None:
    """When the target's clock started and when it was met (None: not yet); None when the
    target does not apply (no customer comment waits for a next response)."""
    staff = [r.at for r in ticket.replies if r.is_public and not r.by_customer]
    if target == "first_response":
        return ticket.created_at, (staff[0] if staff else None)
    if target == "resolution":
        return ticket.created_at, ticket.closed_at()
    if not staff:
        return None
    return _next_response(ticket, staff[0])


def _next_response(ticket: TicketClock, first: datetime) -> tuple[datetime, datetime | None] | None:
    """The current next-response cycle: the first customer comment after a staff reply,
    and the staff reply that answered it (the last cycle when none is waiting)."""
    waiting: datetime | None = None
    last: tuple[datetime, datetime | None] | None = None
    for reply in sorted(ticket.replies, key=lambda r: r.at):
        if reply.at <= first or not reply.is_public:
            continue
        if reply.by_customer and waiting is None:
            waiting = reply.at
        elif not reply.by_customer and waiting is not None:
            last, waiting = (waiting, reply.at), None
    if waiting is not None:
        return waiting, None
    return last


def _clock(
    ticket: TicketClock,
    calendar: BusinessCalendar,
    target: str,
    minutes: int,
    started: datetime,
    met_at: datetime | None,
    now: datetime,
) -> TargetState:
    horizon = met_at or max(now, started)
    periods = _running(ticket, started, horizon)
    used = sum(business_seconds_between(calendar, a, b or horizon) for a, b in periods)
    allowed = minutes * 60
    running_at_end = bool(periods) and periods[-1][1] is None
    stopped = met_at is None and ticket.status == CLOSED
    paused = met_at is None and not stopped and not running_at_end
    due = _due(calendar, periods, horizon, allowed) if not stopped else None
    # Met exactly at the due time is met; unmet, the due time itself is the breach.
    breached = used > allowed if met_at is not None else used >= allowed
    return TargetState(
        target=target,
        minutes=minutes,
        started_at=started,
        due_at=due,
        met_at=met_at,
        remaining_minutes=(allowed - used) // 60,
        paused=paused,
        met=met_at is not None and not breached,
        breached=breached,
        stopped=stopped,
    )


def _running(ticket: TicketClock, start: datetime, end: datetime) -> list[Period]:
    """The periods of ``[start, end)`` in which the clock runs; the last one is open
    (``None``) when the clock still runs at ``end``."""
    marks = [(ticket.created_at, INITIAL), *((c.at, c.status) for c in ticket.changes)]
    periods: list[Period] = []
    for n, (at, status) in enumerate(marks):
        until = marks[n + 1][0] if n + 1 < len(marks) else None
        if status in PAUSED or status == CLOSED:
            continue
        lo = max(at, start)
        # A change exactly at ``end`` decides whether the clock runs on past it.
        if until is None or until > end:
            if lo <= end:
                periods.append((lo, None))
            break
        if until > lo:
            periods.append((lo, until))
    return periods


def _due(
    calendar: BusinessCalendar, periods: list[Period], horizon: datetime, allowed: int
) -> datetime | None:
    """When the clock reaches ``allowed`` seconds, running through ``periods`` (an open last
    period runs on past ``horizon``); None while it stands still short of that."""
    left = allowed
    try:
        for a, b in periods:
            if b is None:
                return add_business_seconds(calendar, a, left)
            used = business_seconds_between(calendar, a, b)
            if used >= left:
                return add_business_seconds(calendar, a, left)
            left -= used
    except NoWorkingTime:  # a calendar with (almost) no hours: not due within years
        return None
    return None
