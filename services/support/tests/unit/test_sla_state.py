"""SLA state from a ticket's history: pauses, met and breached clocks, cycles of replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from crm_support.domain.business_time import BusinessCalendar, Interval, business_minutes_between
from crm_support.domain.sla import Reply, StatusChange, TargetState, TicketClock, sla_state
from crm_support.domain.sla_policies import SlaPolicy

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # a Monday
ALWAYS = BusinessCalendar("UTC", {d: (Interval(0, 1440),) for d in range(7)})
NINE_TO_FIVE = BusinessCalendar("Europe/Berlin", {d: (Interval(540, 1020),) for d in range(5)})


def _policy(
    first: int | None = 60, next_: int | None = 30, resolution: int | None = 480
) -> SlaPolicy:
    return SlaPolicy(uuid4(), "p", "High", uuid4(), first, next_, resolution, T0, T0)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _state(ticket: TicketClock, now: int, cal: BusinessCalendar = ALWAYS) -> dict[str, TargetState]:
    return {s.target: s for s in sla_state(ticket, _policy(), cal, _at(now))}


def _staff(minutes: int) -> Reply:
    return Reply(_at(minutes), True, False)


def _customer(minutes: int) -> Reply:
    return Reply(_at(minutes), True, True)


def test_a_new_ticket_runs_first_response_and_resolution() -> None:
    state = _state(TicketClock(T0), now=20)
    assert set(state) == {"first_response", "resolution"}
    first = state["first_response"]
    assert (first.due_at, first.remaining_minutes, first.met, first.breached) == (
        _at(60),
        40,
        False,
        False,
    )
    assert state["resolution"].due_at == _at(480)


def test_wait_for_response_stops_the_clock_and_moves_the_due_time() -> None:
    changes = (StatusChange(_at(10), "Wait For Response"), StatusChange(_at(70), "In Progress"))
    first = _state(TicketClock(T0, changes), now=100)["first_response"]
    assert (first.remaining_minutes, first.due_at, first.paused) == (20, _at(120), False)


def test_while_waiting_the_clock_is_paused_without_a_due_time() -> None:
    changes = (StatusChange(_at(10), "Wait For Response"),)
    first = _state(TicketClock(T0, changes), now=500)["first_response"]
    assert (first.paused, first.due_at, first.remaining_minutes, first.breached) == (
        True,
        None,
        50,
        False,
    )


def test_a_late_first_response_is_breached_and_an_early_one_met() -> None:
    late = _state(TicketClock(T0, replies=(_staff(61),)), now=90)["first_response"]
    early = _state(TicketClock(T0, replies=(Reply(_at(5), False, False), _staff(60))), now=90)
    assert (late.met, late.breached, late.met_at) == (False, True, _at(61))
    assert (early["first_response"].met, early["first_response"].breached) == (True, False)


def test_an_unanswered_ticket_breaches_at_its_due_time() -> None:
    assert not _state(TicketClock(T0), now=59)["first_response"].breached
    assert _state(TicketClock(T0), now=60)["first_response"].breached


def test_next_response_runs_from_the_first_unanswered_customer_comment() -> None:
    replies = (_staff(5), _customer(20), _customer(25))
    state = _state(TicketClock(T0, replies=replies), now=30)["next_response"]
    assert (state.started_at, state.due_at, state.remaining_minutes) == (_at(20), _at(50), 20)
    answered = _state(TicketClock(T0, replies=(*replies, _staff(40))), now=90)["next_response"]
    assert (answered.met, answered.met_at) == (True, _at(40))


def test_customer_comments_before_the_first_response_start_no_next_response() -> None:
    state = _state(TicketClock(T0, replies=(_customer(3),)), now=30)
    assert "next_response" not in state


def test_closing_meets_resolution_and_reopening_continues_it() -> None:
    closed = (StatusChange(_at(100), "Closed"),)
    state = _state(TicketClock(T0, closed, replies=(_staff(5),)), now=300)["resolution"]
    assert (state.met, state.met_at, state.remaining_minutes) == (True, _at(100), 380)
    reopened = (*closed, StatusChange(_at(200), "Open"))
    state = _state(TicketClock(T0, reopened, replies=(_staff(5),)), now=300)["resolution"]
    assert (state.met, state.remaining_minutes, state.due_at) == (False, 280, _at(580))


def test_a_ticket_closed_without_a_response_stops_that_clock() -> None:
    ticket = TicketClock(T0, (StatusChange(_at(10), "Closed"),))
    first = _state(ticket, now=300)["first_response"]
    assert (first.stopped, first.due_at, first.breached) == (True, None, False)


def test_a_corrected_calendar_gives_new_figures_from_the_same_history() -> None:
    # Opened Friday 16:30 Berlin time (14:30 UTC): 30 minutes on Friday, 30 on Monday.
    friday = datetime(2026, 6, 5, 14, 30, tzinfo=UTC)
    ticket = TicketClock(friday)
    office = sla_state(ticket, _policy(), NINE_TO_FIVE, friday)[0]
    always = sla_state(ticket, _policy(), ALWAYS, friday)[0]
    assert office.due_at == datetime(2026, 6, 8, 7, 30, tzinfo=UTC)
    assert always.due_at == friday + timedelta(minutes=60)


STATUSES = ("Open", "In Progress", "Wait For Response", "Closed", "Open")


@settings(max_examples=80, deadline=None)
@given(
    steps=st.lists(st.tuples(st.integers(1, 600), st.sampled_from(STATUSES)), max_size=6),
    later=st.integers(0, 3000),
    cal=st.sampled_from([ALWAYS, NINE_TO_FIVE]),
)
def test_due_times_do_not_drift_as_time_passes(
    steps: list[tuple[int, str]], later: int, cal: BusinessCalendar
) -> None:
    """From the same history, a later look gives the same due time and exactly as many
    fewer remaining minutes as business minutes passed while the clock ran."""
    at, changes = 0, []
    for gap, status in steps:
        at += gap
        changes.append(StatusChange(_at(at), status))
    ticket = TicketClock(T0, tuple(changes))
    first = {s.target: s for s in sla_state(ticket, _policy(), cal, _at(at))}
    second = {s.target: s for s in sla_state(ticket, _policy(), cal, _at(at + later))}
    for target, before in first.items():
        after = second[target]
        assert after.due_at == before.due_at
        if before.paused or before.stopped or before.met_at is not None:
            assert after.remaining_minutes == before.remaining_minutes
        else:
            ran = business_minutes_between(cal, _at(at), _at(at + later))
            assert before.remaining_minutes - after.remaining_minutes in (ran, ran + 1)
