"""The ticket aggregate: opening, changes, the status machine, assignment, reopen window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from crm_chassis.errors import InvalidFields, ValidationFailed, VersionMismatch
from crm_chassis.states import InvalidTransition, ReasonRequired
from crm_support.domain import events
from crm_support.domain.errors import TicketClosed
from crm_support.domain.tickets import (
    CLOSED,
    OPEN,
    WAITING,
    Ticket,
    TicketFields,
    ticket_number,
)

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def opened(**given) -> Ticket:
    fields = TicketFields(**{"title": "Printer on fire", **given})
    return Ticket.open(id=uuid4(), number="TT-2026-000001", fields=fields, now=NOW, by="u1")


def test_the_number_has_the_year_and_six_digits():
    assert ticket_number(2026, 123) == "TT-2026-000123"


def test_a_new_ticket_is_open_with_defaults_history_and_one_event():
    ticket = opened()
    assert (ticket.status, ticket.priority, ticket.channel) == (OPEN, "Normal", "api")
    assert [(h.field, h.old_value, h.new_value) for h in ticket.history] == [
        ("status", None, "Open"),
        ("priority", None, "Normal"),
    ]
    assert [type(e) for e in ticket.events] == [events.TicketOpened]
    assert ticket.closed_at is None


def test_bad_fields_are_all_named_at_once():
    with pytest.raises(InvalidFields) as err:
        opened(title=" ", priority="Whenever", category="Nope", time_spent_minutes=-1)
    named = {e.field for e in err.value.errors}
    assert named == {"title", "priority", "category", "time_spent_minutes"}


def test_a_contact_needs_its_account():
    with pytest.raises(InvalidFields) as err:
        opened(contact_id=uuid4())
    assert [e.field for e in err.value.errors] == ["account_id"]


def test_update_changes_only_sent_fields_and_tracks_priority():
    ticket = opened(severity="Minor")
    changed = ticket.update(
        TicketFields(priority="Urgent", severity=None), {"priority"}, now=NOW, by="u2"
    )
    assert changed == ["priority"]
    assert (ticket.priority, ticket.severity, ticket.version) == ("Urgent", "Minor", 2)
    assert ticket.history[-1].field == "priority"
    with pytest.raises(VersionMismatch):
        ticket.update(TicketFields(title="x"), {"title"}, now=NOW, by="u2", expected_version=1)


def test_status_follows_the_machine_and_closing_stamps_closed_at():
    ticket = opened(resolution="Replaced the toner")
    ticket.change_status(WAITING, now=NOW, by="u1")
    with pytest.raises(ValidationFailed):
        ticket.change_status("Archived", now=NOW, by="u1")
    ticket.change_status(CLOSED, now=NOW, by="u1")
    assert ticket.closed_at == NOW
    kinds = [type(e) for e in ticket.events]
    assert events.TicketResolved in kinds and events.TicketClosed in kinds
    with pytest.raises(InvalidTransition) as err:
        ticket.change_status(WAITING, now=NOW, by="u1", reason="why")
    assert err.value.extra == {"current_status": CLOSED, "allowed_next": []}


def test_reopen_needs_a_reason_and_clears_closed_at():
    ticket = opened()
    ticket.change_status(CLOSED, now=NOW, by="u1")
    with pytest.raises(ReasonRequired):
        ticket.change_status(OPEN, now=NOW, by="u1")
    ticket.change_status(OPEN, now=NOW, by="u1", reason="not fixed")
    assert (ticket.status, ticket.closed_at) == (OPEN, None)
    assert isinstance(ticket.events[-1], events.TicketReopened)


def test_a_closed_ticket_refuses_field_changes():
    ticket = opened()
    ticket.change_status(CLOSED, now=NOW, by="u1")
    with pytest.raises(TicketClosed):
        ticket.update(TicketFields(title="new"), {"title"}, now=NOW, by="u1")


def test_assignment_records_owner_history_and_an_event():
    ticket = opened()
    owner = uuid4()
    assert ticket.assign(owner, "user", now=NOW, by="u1", reason="manual")
    assert not ticket.assign(owner, "user", now=NOW, by="u1", reason="manual")
    assert ticket.history[-1].new_value == str(owner)
    assert isinstance(ticket.events[-1], events.TicketAssigned)
    with pytest.raises(InvalidFields):
        ticket.assign(owner, None, now=NOW, by="u1", reason="manual")


def test_a_customer_answer_reopens_within_the_window_only():
    ticket = opened()
    ticket.change_status(CLOSED, now=NOW, by="u1")
    window = timedelta(days=7)
    assert not ticket.customer_answered(now=NOW + timedelta(days=8), window=window, by="c")
    assert ticket.status == CLOSED
    assert ticket.customer_answered(now=NOW + timedelta(days=6), window=window, by="c")
    assert (ticket.status, ticket.closed_at) == (OPEN, None)


def test_a_customer_answer_takes_a_waiting_ticket_back_to_open():
    ticket = opened()
    ticket.change_status(WAITING, now=NOW, by="u1")
    assert ticket.customer_answered(now=NOW, window=timedelta(days=1), by="c")
    assert ticket.status == OPEN
