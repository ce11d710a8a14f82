"""Ticket use cases against the database: gap-free numbers under concurrent creates, the
events written to the outbox with the change, assignment rules, merged accounts."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_support.adapters import tables as t
from crm_support.domain.commands import (
    AddComment,
    ChangeTicket,
    OpenTicket,
    RepointAccounts,
    SaveAssignmentRule,
)
from crm_support.domain.tickets import TicketFields

ADMIN = Principal(subject=str(uuid.uuid4()), roles=("admin",))


def _open(service: Any, **fields: Any) -> Any:
    given = TicketFields(**{"title": "Broken", **fields})
    return service.run(OpenTicket(given, frozenset(fields) | {"title"}), caller=ADMIN)


def _outbox_types(service: Any) -> list[str]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(t.event_tables.outbox.c.type).order_by(t.event_tables.outbox.c.seq)
        )
        return list(rows.scalars())


def test_concurrent_creates_get_unique_gap_free_numbers(service):
    errors: list[BaseException] = []

    def create() -> None:
        try:
            for _ in range(5):
                _open(service)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with service.db.reading() as session:
        numbers = list(session.execute(sa.select(t.tickets.c.number)).scalars())
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequence == list(range(1, 31))


def test_a_refused_create_gives_its_number_back(service):
    first = _open(service)
    try:
        _open(service, priority="Never")
    except Exception:
        pass
    second = _open(service)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_the_lifecycle_writes_its_events_to_the_outbox(service):
    ticket = _open(service, resolution="Replaced")
    service.run(AddComment(ticket.id, "On it"), caller=ADMIN)
    change = ChangeTicket(ticket.id, TicketFields(), frozenset(), status="Closed")
    service.run(change, caller=ADMIN)
    reopen = ChangeTicket(ticket.id, TicketFields(), frozenset(), status="Open", reason="no")
    service.run(reopen, caller=ADMIN)
    found = _outbox_types(service)
    assert found == [
        "support.ticket.opened.v1",
        "support.ticket.comment_added.v1",
        "support.ticket.status_changed.v1",
        "support.ticket.resolved.v1",
        "support.ticket.closed.v1",
        "support.ticket.status_changed.v1",
        "support.ticket.reopened.v1",
    ]


def test_rules_assign_by_category_then_round_robin_by_open_load(service, policy):
    lead, a, b, group = (uuid.uuid4() for _ in range(4))
    policy({lead: "manager", a: "agent", b: "agent"}, groups={group: [a, b]})
    rule = SaveAssignmentRule(
        "Big ones", 1, "owner", owner_id=lead, criteria=(("category", "Big Problem"),)
    )
    service.run(rule, caller=ADMIN)
    service.run(SaveAssignmentRule("Everyone else", 9, "round_robin", group_id=group), caller=ADMIN)
    assert _open(service, category="Big Problem").owner_id == lead
    owners = [_open(service).owner_id for _ in range(4)]
    assert sorted(owners) == sorted([a, a, b, b])
    closed = next(o for o in owners if o == a)
    # b now has more open work after a's tickets close: a gets the next two.
    with service.db.transaction() as session:
        session.execute(
            sa.update(t.tickets).where(t.tickets.c.owner_id == closed).values(status="Closed")
        )
    assert [_open(service).owner_id for _ in range(2)] == [a, a]


def test_a_merged_account_re_points_its_tickets(service, references):
    old, survivor = uuid.uuid4(), uuid.uuid4()
    references.accounts.update({old, survivor})
    moved = _open(service, account_id=old)
    kept = _open(service, account_id=survivor)
    assert service.run(RepointAccounts((old,), survivor)) == 1
    with service.db.reading() as session:
        accounts = dict(session.execute(sa.select(t.tickets.c.id, t.tickets.c.account_id)).all())
    assert accounts == {moved.id: survivor, kept.id: survivor}


def test_the_same_email_twice_makes_one_comment(service):
    ticket = _open(service)
    mail = Principal(
        subject="support-mail",
        kind="service",
        scopes=frozenset({"support.tickets.read", "support.tickets.write"}),
    )
    command = AddComment(ticket.id, "Hello", author_kind="customer", message_id="<m1@example.com>")
    first = service.run(command, caller=mail)
    again = service.run(command, caller=mail)
    assert again.comment.id == first.comment.id
    assert first.comment.author_kind == "customer" and first.comment.is_public
    with service.db.reading() as session:
        count = session.execute(sa.select(sa.func.count()).select_from(t.ticket_comments))
        assert count.scalar() == 1
