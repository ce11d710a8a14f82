"""Stateful property test: random sequences of ticket operations through the use cases.

Status changes (allowed or not, with or without a reason), staff and customer comments,
closings aged past the reopen window, owner changes. After every step: numbers are unique
and gap-free, ``closed_at`` is set exactly while a ticket is Closed, every ticket's status
history is a chain of transitions the declared machine allows ending at its status, and
the owner history ends at its owner.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import AppError
from crm_support.adapters import tables as t
from crm_support.domain.commands import AddComment, ChangeTicket, OpenTicket
from crm_support.domain.tickets import CLOSED, TICKET_STATUS, TicketFields

ADMIN = Principal(subject=str(uuid.uuid4()), roles=("admin",))
STATUSES = st.sampled_from(TICKET_STATUS.statuses)
REASONS = st.sampled_from([None, "", "customer called back"])
AGENTS = (uuid.uuid4(), uuid.uuid4())


class Tickets(RuleBasedStateMachine):
    """Operations on the tickets of one customer; ``ctx`` is set by the test."""

    ctx: dict[str, Any] = {}
    tickets = Bundle("tickets")

    @property
    def service(self) -> Any:
        return self.ctx["service"]

    @rule(target=tickets, by_customer=st.booleans())
    def open(self, by_customer: bool) -> uuid.UUID:
        account, contact = self.ctx["account"], self.ctx["contact"]
        fields = TicketFields(title="Broken", account_id=account, contact_id=contact)
        caller = self.ctx["customer"] if by_customer else ADMIN
        sent = frozenset({"title"} if by_customer else {"title", "account_id", "contact_id"})
        return self.service.run(OpenTicket(fields, sent), caller=caller).id

    @rule(ticket=tickets, status=STATUSES, reason=REASONS)
    def change_status(self, ticket: uuid.UUID, status: str, reason: str | None) -> None:
        command = ChangeTicket(ticket, TicketFields(), frozenset(), status, reason)
        try:
            self.service.run(command, caller=ADMIN)
        except AppError as exc:
            assert exc.spec.status in (409, 422)

    @rule(ticket=tickets, public=st.booleans())
    def staff_comment(self, ticket: uuid.UUID, public: bool) -> None:
        self.service.run(AddComment(ticket, "We look", public), caller=ADMIN)

    @rule(target=tickets, ticket=tickets)
    def customer_comment(self, ticket: uuid.UUID) -> uuid.UUID:
        posted = self.service.run(AddComment(ticket, "Any news?"), caller=self.ctx["customer"])
        assert posted.ticket.status != CLOSED
        assert posted.new_ticket == (posted.ticket.id != ticket)
        return posted.ticket.id

    @rule(ticket=tickets)
    def age_closing(self, ticket: uuid.UUID) -> None:
        c = t.tickets.c
        with self.service.db.transaction() as session:
            row = session.execute(sa.select(c.closed_at).where(c.id == ticket)).one()
            if row.closed_at is not None:
                old = row.closed_at - timedelta(days=30)
                session.execute(sa.update(t.tickets).where(c.id == ticket).values(closed_at=old))

    @rule(ticket=tickets, owner=st.sampled_from([None, *AGENTS]))
    def reassign(self, ticket: uuid.UUID, owner: uuid.UUID | None) -> None:
        command = ChangeTicket(ticket, TicketFields(owner_id=owner), frozenset({"owner_id"}))
        try:
            self.service.run(command, caller=ADMIN)
        except AppError as exc:
            assert exc.spec.status == 409  # a Closed ticket keeps its owner

    @invariant()
    def numbers_are_unique_and_gap_free(self) -> None:
        with self.service.db.reading() as session:
            numbers = list(session.execute(sa.select(t.tickets.c.number)).scalars())
        assert sorted(int(n[-6:]) for n in numbers) == list(range(1, len(numbers) + 1))

    @invariant()
    def closed_at_and_histories_agree_with_the_tickets(self) -> None:
        with self.service.db.reading() as session:
            found = session.execute(sa.select(t.tickets)).all()
            history = session.execute(
                sa.select(t.ticket_history).order_by(t.ticket_history.c.id)
            ).all()
        for ticket in found:
            assert (ticket.closed_at is not None) == (ticket.status == CLOSED)
            mine = [h for h in history if h.ticket_id == ticket.id]
            _check_chain([h for h in mine if h.field == "status"], ticket.status)
            owners = [h.new_value for h in mine if h.field == "owner"]
            owner = str(ticket.owner_id) if ticket.owner_id else None
            assert (owners[-1] if owners else None) == owner


def _check_chain(entries: list[Any], status: str) -> None:
    assert entries[0].old_value is None and entries[0].new_value == TICKET_STATUS.initial
    for before, after in pairwise(entries):
        assert after.old_value == before.new_value
        reopened = after.new_value in TICKET_STATUS.reopen.get(after.old_value, ())
        assert TICKET_STATUS.can(after.old_value, after.new_value) or (reopened and after.reason)
    assert entries[-1].new_value == status


def test_random_ticket_operations_keep_the_invariants(service, references, policy):
    policy({AGENTS[0]: "agent", AGENTS[1]: "agent"})
    account = references.account()
    contact = references.contact(account)
    customer = Principal(
        subject=str(uuid.uuid4()),
        kind="portal",
        scopes=frozenset({"portal.tickets.read", "portal.tickets.write"}),
        claims={"account_id": str(account), "contact_id": str(contact)},
    )
    Tickets.ctx = {"service": service, "account": account, "contact": contact, "customer": customer}
    run_state_machine_as_test(
        Tickets, settings=settings(max_examples=15, stateful_step_count=15, deadline=None)
    )
