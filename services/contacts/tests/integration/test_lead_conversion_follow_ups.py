"""ConvertLead's follow-ups: matching never lands on a record the caller cannot see (a 409
that reveals nothing), the lead's tasks, calls/meetings and notes move to its contact in the
same transaction (on the timelines, once), and a contact matched by e-mail that had no
account joins the conversion's account. On the real test database."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import Conflict
from crm_contacts.adapters.activity_tables import calendar_events, notes, tasks
from crm_contacts.adapters.tables import accounts, contacts, event_tables, lead_conversions
from crm_contacts.domain.accounts import AccountFields
from crm_contacts.domain.calendar_events import CalendarEvent, CalendarEventFields
from crm_contacts.domain.commands import ApplyLeadConversion, ConvertLead, CreateContact
from crm_contacts.domain.contacts import ContactFields
from crm_contacts.domain.notes import Note
from crm_contacts.domain.tasks import Task, TaskFields

REP_RIGHTS = frozenset({"accounts.create", "accounts.view", "contacts.create", "contacts.view"})


def _admin(owner: Any) -> Principal:
    return Principal(subject=str(owner.id), roles=("admin",))


def _rep(add_owner: Any) -> tuple[Principal, uuid.UUID]:
    rep = add_owner().id
    return Principal(subject=str(rep), permissions=REP_RIGHTS), rep


def _convert(service: Any, caller: Principal, owner_id: uuid.UUID, **kw: Any) -> Any:
    company, email = kw.pop("company", "Acme Ltd"), kw.pop("email", None)
    cmd = ConvertLead(
        lead_id=kw.pop("lead_id", uuid.uuid4()),
        owner_id=owner_id,
        account={"name": company, "email": email},
        contact={"last_name": kw.pop("last_name", "Lovelace"), "email": email},
        email=email,
        **kw,
    )
    return service.run(cmd, caller=caller)


def _count(service: Any, table: sa.Table) -> int:
    with service.db.reading() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _outbox(service: Any) -> list[str]:
    with service.db.reading() as session:
        return list(session.execute(sa.select(event_tables.outbox.c.type)).scalars())


# -- 1. nothing the caller cannot see ---------------------------------------------------------


def test_a_rep_cannot_convert_onto_another_reps_private_account(
    service: Any, owner: Any, add_owner: Any
) -> None:
    (alice, alice_id), (bob, bob_id) = _rep(add_owner), _rep(add_owner)
    hers = _convert(service, alice, alice_id, company="Private Co", email="a@private.example")
    before = (
        _count(service, accounts),
        _count(service, contacts),
        _count(service, lead_conversions),
    )
    lead_id = uuid.uuid4()
    with pytest.raises(Conflict) as refused:
        _convert(service, bob, bob_id, lead_id=lead_id, company="PRIVATE CO. LTD", email=None)
    problem = refused.value.problem()
    assert problem["status"] == 409
    assert "cannot see" in problem["detail"] and "create_new_account" in problem["detail"]
    assert str(hers.account_id) not in str(problem) and "Private" not in str(problem)
    assert problem["retry_with"] == "create_new_account"
    # Nothing was written by the refused conversion.
    after = (
        _count(service, accounts),
        _count(service, contacts),
        _count(service, lead_conversions),
    )
    assert after == before
    mine = _convert(
        service, bob, bob_id, lead_id=lead_id, company="PRIVATE CO. LTD", create_new_account=True
    )
    assert mine.account_id != hers.account_id and mine.existing_account is False
    assert service.queries.get_account(bob, mine.account_id).owner_id == bob_id
    # From now on bob's own account is the match he gets (the older hidden one is passed over).
    again = _convert(service, bob, bob_id, company="Private Co", email="b2@private.example")
    assert again.account_id == mine.account_id and again.existing_account is True
    # The administrator sees both and matches the oldest.
    admin = _convert(service, _admin(owner), owner.id, company="Private Co")
    assert admin.account_id == hers.account_id


def test_a_contact_matched_by_email_that_the_caller_cannot_see_is_a_409(
    service: Any, add_owner: Any
) -> None:
    (alice, alice_id), (bob, bob_id) = _rep(add_owner), _rep(add_owner)
    hers = _convert(service, alice, alice_id, company="Alice Co", email="x.shared@gmail.com")
    with pytest.raises(Conflict) as refused:
        _convert(service, bob, bob_id, company="Bob Co", email="X.Shared@GMail.com")
    assert refused.value.extra["retry_with"] == "create_new_contact"
    assert str(hers.contact_id) not in str(refused.value.problem())
    mine = _convert(
        service, bob, bob_id, company="Bob Co", email="x.shared@gmail.com", create_new_contact=True
    )
    assert mine.contact_id != hers.contact_id and mine.existing_contact is False
    # Sales' duplicate flag naming a hidden contact is no way round it either.
    with pytest.raises(Conflict):
        _convert(service, bob, bob_id, company="Bob Co", duplicate_contact_id=hers.contact_id)


# -- 2. the lead's activities follow it -------------------------------------------------------


def _activities_on(service: Any, lead_id: uuid.UUID, owner_id: uuid.UUID) -> list[uuid.UUID]:
    now, by = utcnow() - timedelta(days=2), str(owner_id)
    task = Task.create(
        id=uuid.uuid4(),
        owner_id=owner_id,
        created_by=by,
        now=now,
        fields=TaskFields(title="Send the brochure", related_type="lead", related_id=lead_id),
    )
    call = CalendarEvent.create(
        id=uuid.uuid4(),
        owner_id=owner_id,
        created_by=by,
        now=now,
        fields=CalendarEventFields(
            kind="call",
            title="Discovery call",
            start=now,
            status="Held",
            related_type="lead",
            related_id=lead_id,
        ),
    )
    note = Note.create(
        id=uuid.uuid4(),
        owner_id=owner_id,
        author_id=by,
        now=now,
        body="Budget approved for Q3",
        related_type="lead",
        related_id=lead_id,
    )
    with service.uow() as tx:
        tx.tasks.add(task)
        tx.events.add(call)
        tx.notes.add(note)
    return [task.id, call.id, note.id]


def _related(service: Any) -> dict[uuid.UUID, tuple[str, uuid.UUID, int]]:
    with service.db.reading() as session:
        return {
            row.id: (row.related_type, row.related_id, row.version)
            for table in (tasks, calendar_events, notes)
            for row in session.execute(sa.select(table))
        }


def test_the_leads_activities_move_to_its_contact_and_show_on_the_timelines(
    service: Any, owner: Any
) -> None:
    admin, lead_id, other_lead = _admin(owner), uuid.uuid4(), uuid.uuid4()
    moved = _activities_on(service, lead_id, owner.id)
    stays = _activities_on(service, other_lead, owner.id)
    done = _convert(service, admin, owner.id, lead_id=lead_id, company="Moving Parts")
    related = _related(service)
    assert {related[i][:2] for i in moved} == {("contact", done.contact_id)}
    assert {related[i][2] for i in moved} == {2}
    assert {related[i][:2] for i in stays} == {("lead", other_lead)}
    for read in (
        lambda: service.timeline.for_account(admin, done.account_id, limit=50, cursor=None),
        lambda: service.timeline.for_contact(admin, done.contact_id, limit=50, cursor=None),
    ):
        entries, _ = read()
        mine = [e for e in entries if e.record_id in moved]
        assert sorted(e.summary for e in mine) == [
            "Call from the lead: Discovery call (Held)",
            "Note from the lead: Budget approved for Q3",
            "Task from the lead: Send the brochure (Open)",
        ]
    # A retry answers the same and shows each activity once.
    assert _convert(service, admin, owner.id, lead_id=lead_id, company="Moving Parts") == done
    entries, _ = service.timeline.for_contact(admin, done.contact_id, limit=50, cursor=None)
    assert len([e for e in entries if e.record_id in moved]) == 3
    assert {_related(service)[i][2] for i in moved} == {2}


def test_a_refused_conversion_moves_no_activity(service: Any, add_owner: Any) -> None:
    (alice, alice_id), (bob, bob_id) = _rep(add_owner), _rep(add_owner)
    _convert(service, alice, alice_id, company="Hidden Ltd")
    lead_id = uuid.uuid4()
    ids = _activities_on(service, lead_id, bob_id)
    with pytest.raises(Conflict):
        _convert(service, bob, bob_id, lead_id=lead_id, company="Hidden")
    assert {_related(service)[i][:2] for i in ids} == {("lead", lead_id)}


def test_a_conversion_event_from_before_moves_the_activities_too(service: Any, owner: Any) -> None:
    lead_id, account_id, contact_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ids = _activities_on(service, lead_id, owner.id)
    event = ApplyLeadConversion(
        owner_id=owner.id,
        lead_id=lead_id,
        account_id=account_id,
        contact_id=contact_id,
        account=AccountFields(name="From Before"),
        contact=ContactFields(last_name="Early"),
    )
    service.run(event)
    service.run(event)  # redelivered: nothing moves twice
    assert {_related(service)[i][:3] for i in ids} == {("contact", contact_id, 2)}
    entries, _ = service.timeline.for_account(_admin(owner), account_id, limit=50, cursor=None)
    assert sorted(e.record_id for e in entries if e.record_id in ids) == sorted(ids)


# -- 3. a contact without an account joins it --------------------------------------------------


def test_a_contact_matched_by_email_without_an_account_joins_the_conversions_account(
    service: Any, owner: Any
) -> None:
    admin = _admin(owner)
    loose = service.run(
        CreateContact(
            fields=ContactFields(last_name="Loose", email="loose@joiners.example"),
            sent=frozenset({"last_name", "email"}),
        ),
        caller=admin,
    )
    assert loose.account_id is None
    done = _convert(service, admin, owner.id, company="Joiners", email="loose@joiners.example")
    assert done.contact_id == loose.id and done.existing_contact is True
    joined = service.queries.get_contact(admin, loose.id)
    assert joined.account_id == done.account_id and joined.version == loose.version + 1
    assert _outbox(service).count("contacts.contact.updated.v1") == 1
    # A contact that already has an account keeps it.
    other = _convert(
        service,
        admin,
        owner.id,
        company="Someone Else",
        email="loose@joiners.example",
        create_new_account=True,
    )
    assert other.contact_id == loose.id and other.account_id != done.account_id
    assert service.queries.get_contact(admin, loose.id).account_id == done.account_id
