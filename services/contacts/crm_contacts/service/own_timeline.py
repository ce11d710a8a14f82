"""Activities on the timeline of the account or contact they are about (in the change's
own transaction): tasks opened, completed and reopened; calls and meetings logged and
held; notes written. The entries' rules are in :mod:`crm_contacts.domain.own_timeline`."""

from __future__ import annotations

from crm_contacts.domain.activities import Related
from crm_contacts.domain.calendar_events import CalendarEvent
from crm_contacts.domain.notes import Note
from crm_contacts.domain.own_timeline import Place, own_entry
from crm_contacts.domain.tasks import Task
from crm_contacts.service.unit_of_work import UnitOfWork


def place_of(tx: UnitOfWork, related: Related | None) -> Place:
    """The timelines an activity about ``related`` shows on (a note on a task or a meeting:
    those of the record the activity is about)."""
    if related is None:
        return Place()
    if related.type == "account":
        return Place(related.id)
    if related.type == "contact":
        return Place(tx.timeline.account_of_contact(related.id), related.id)
    if related.type in ("task", "event"):
        repo = tx.tasks if related.type == "task" else tx.events
        activity = repo.get(related.id)
        return place_of(tx, activity.related) if activity is not None else Place()
    return Place()


def task_changed(tx: UnitOfWork, task: Task, was_open: bool | None, reason: str | None) -> None:
    """A task opened (``was_open`` None: just created), completed or closed, or reopened."""
    if was_open is None:
        what, summary = "task.opened", f"Task opened: {task.title}"
    elif was_open and not task.is_open:
        what, summary = f"task.{task.status.lower()}", f"Task {task.status.lower()}: {task.title}"
    elif not was_open and task.is_open:
        what, summary = "task.reopened", f"Task reopened: {task.title} ({reason})"
    else:
        return
    _add(tx, what, task.id, task.version, task.related, summary, "tasks", task, reason=reason)


def event_changed(tx: UnitOfWork, event: CalendarEvent, before: str | None) -> None:
    """A call or meeting logged (``before`` None: just created) or marked held/not held."""
    kind = event.kind.capitalize()
    if before is None:
        what, summary = f"{event.kind}.logged", f"{kind} logged: {event.title} ({event.status})"
    elif before != event.status and event.status != "Planned":
        what = f"{event.kind}.{event.status.lower().replace(' ', '_')}"
        summary = f"{kind} {event.status.lower()}: {event.title}"
    else:
        return
    _add(tx, what, event.id, event.version, event.related, summary, "events", event)


def note_written(tx: UnitOfWork, note: Note) -> None:
    body = " ".join(note.body.split())
    summary = f"Note: {body[:120]}{'...' if len(body) > 120 else ''}"
    _add(tx, "note.added", note.id, note.version, note.related, summary, "notes", note)


def _add(
    tx: UnitOfWork,
    what: str,
    record_id: object,
    version: int,
    related: Related | None,
    summary: str,
    module: str,
    record: Task | CalendarEvent | Note,
    reason: str | None = None,
) -> None:
    entry = own_entry(
        what,
        record.id,
        version,
        place=place_of(tx, related),
        at=record.updated_at,
        summary=summary,
        module=module,
        owner_id=record.owner_id,
        data={"reason": reason} if reason else None,
    )
    if entry is not None:
        tx.timeline.add_many([entry])
