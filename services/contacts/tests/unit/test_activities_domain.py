"""Tasks, calls/meetings and notes: the business rules, without a database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from crm_chassis.errors import InvalidFields, VersionMismatch
from crm_chassis.states import InvalidTransition, ReasonRequired
from crm_contacts.domain.activities import Related
from crm_contacts.domain.calendar_events import CalendarEvent, CalendarEventFields, Participant
from crm_contacts.domain.notes import Note
from crm_contacts.domain.tasks import Task, TaskFields

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def task(**fields):
    return Task.create(
        id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        created_by="u",
        now=NOW,
        fields=TaskFields(**{"title": "Call", **fields}),
    )


def changes(**values):
    """The fields and sent names of a partial update (unknown names are only sent)."""
    known = {k: v for k, v in values.items() if k in Task.EDITABLE}
    return TaskFields(**known), set(values)


def fields_of(exc):
    return [e.field for e in exc.value.errors]


def test_a_new_task_is_open_medium_and_unrelated():
    t = task()
    assert (t.status, t.priority, t.related, t.version) == ("Open", "Medium", None, 1)
    assert t.is_open and t.completed_at is None


def test_a_task_created_completed_is_stamped():
    assert task(status="Completed").completed_at == NOW


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"priority": "Urgent"}, "priority"),
        ({"status": "Done"}, "status"),
        ({"related_type": "account"}, "related_id"),
        ({"related_id": uuid.uuid4()}, "related_type"),
        ({"related_type": "planet", "related_id": uuid.uuid4()}, "related_type"),
    ],
)
def test_task_rules_name_the_field(fields, field):
    with pytest.raises(InvalidFields) as exc:
        task(**fields)
    assert field in fields_of(exc)


def test_overdue_means_open_and_due_before_today():
    today = date(2026, 5, 1)
    assert task(due_date=today - timedelta(days=1)).is_overdue(today)
    assert not task(due_date=today).is_overdue(today)
    assert not task().is_overdue(today)
    assert not task(due_date=today - timedelta(days=1), status="Closed").is_overdue(today)


def test_updating_bumps_the_version_once_and_reports_the_changed_fields():
    t = task()
    later = NOW + timedelta(hours=1)
    assert t.update(
        *changes(status="In Progress", title="Call"), now=later, expected_version=1
    ) == ("status",)
    assert (t.version, t.updated_at) == (2, later)
    assert t.update(*changes(status="In Progress"), now=later, expected_version=None) == ()
    assert t.version == 2


def test_a_stale_version_is_refused_before_anything_changes():
    t = task()
    with pytest.raises(VersionMismatch):
        t.update(*changes(title="Other"), now=NOW, expected_version=7)
    assert t.title == "Call"


def test_completing_and_reopening_a_task():
    t = task()
    t.update(*changes(status="Completed"), now=NOW, expected_version=None)
    assert t.completed_at == NOW and not t.is_open
    # Completed is final: only a reopen with a reason (to Open or In Progress) leaves it.
    with pytest.raises(InvalidTransition):
        t.update(*changes(status="Deferred"), now=NOW, expected_version=None, reason="x")
    with pytest.raises(ReasonRequired):
        t.update(*changes(status="In Progress"), now=NOW, expected_version=None)
    t.update(*changes(status="In Progress"), now=NOW, expected_version=None, reason="again")
    assert t.completed_at is None and t.is_open


def test_relating_a_task_to_a_record_and_back():
    rid = uuid.uuid4()
    t = task()
    t.update(*changes(related_type="opportunity", related_id=rid), now=NOW, expected_version=None)
    assert t.related == Related("opportunity", rid)
    t.update(*changes(related_type=None, related_id=None), now=NOW, expected_version=None)
    assert t.related is None


def test_an_unknown_field_cannot_be_changed():
    with pytest.raises(InvalidFields) as exc:
        task().update(*changes(created_by="me"), now=NOW, expected_version=None)
    assert fields_of(exc) == ["created_by"]


def event(**fields):
    if "participants" in fields:
        fields["participants"] = tuple(Participant.from_dict(p) for p in fields["participants"])
    return CalendarEvent.create(
        id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        created_by="u",
        now=NOW,
        fields=CalendarEventFields(**{"kind": "meeting", "title": "Demo", "start": NOW, **fields}),
    )


def test_a_meeting_must_not_end_before_it_starts():
    with pytest.raises(InvalidFields) as exc:
        event(end=NOW - timedelta(minutes=1))
    assert fields_of(exc) == ["end"]
    assert event(end=NOW).end == NOW


def test_participants_need_an_id_or_an_email_and_are_deduplicated():
    uid = uuid.uuid4()
    e = event(
        participants=[
            {"type": "user", "id": str(uid)},
            {"type": "user", "id": str(uid)},
            {"type": "external", "email": "a@example.com"},
        ]
    )
    assert len(e.participants) == 2
    with pytest.raises(InvalidFields) as exc:
        event(
            participants=[
                {"type": "contact"},
                {"type": "external"},
                {"type": "robot", "id": str(uid)},
            ]
        )
    assert fields_of(exc) == ["participants.0.id", "participants.1.email", "participants.2.type"]


def test_holding_a_meeting_records_its_outcome():
    e = event()
    assert e.update(
        CalendarEventFields(status="Held", outcome="Signed"),
        {"status", "outcome"},
        now=NOW,
        expected_version=1,
    ) == (
        "outcome",
        "status",
    )
    assert e.version == 2


def note(**kw):
    args = {
        "id": uuid.uuid4(),
        "owner_id": uuid.uuid4(),
        "author_id": "a",
        "now": NOW,
        "body": "Hello",
        "related_type": "lead",
        "related_id": uuid.uuid4(),
        **kw,
    }
    return Note.create(**args)


def test_a_note_keeps_each_version_of_its_text():
    n = note()
    assert [r.version for r in n.new_revisions] == [1]
    n.new_revisions.clear()
    assert n.edit("Hello again", by="b", now=NOW, expected_version=1)
    assert not n.edit("Hello again", by="b", now=NOW, expected_version=None)
    assert [(r.version, r.body, r.edited_by) for r in n.new_revisions] == [(2, "Hello again", "b")]
    assert n.edited
    with pytest.raises(VersionMismatch):
        n.edit("x", by="b", now=NOW, expected_version=1)


def test_a_reply_belongs_to_its_parents_record():
    parent = note()
    reply = note(related_type=None, related_id=None, parent=parent)
    assert reply.related == parent.related and reply.parent_id == parent.id
    with pytest.raises(InvalidFields) as exc:
        note(related_id=uuid.uuid4(), parent=parent)
    assert fields_of(exc) == ["related_id"]


def test_a_note_needs_text_and_a_record():
    with pytest.raises(InvalidFields) as exc:
        note(body="   ")
    assert fields_of(exc) == ["body"]
    with pytest.raises(InvalidFields) as exc:
        note(related_type=None, related_id=None)
    assert fields_of(exc) == ["related_type"]
