"""Note use cases: write, reply, edit (keeping every version), delete."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import invalid
from crm_chassis.logging import get_logger
from crm_contacts.domain.activities import Related
from crm_contacts.domain.commands import DeleteNote, EditNote, WriteNote
from crm_contacts.domain.errors import NoteHasReplies
from crm_contacts.domain.notes import Note
from crm_contacts.service import own_timeline
from crm_contacts.service.activity_access import (
    EVENTS,
    NOTES,
    TASKS,
    check_related,
    check_remote_first,
    load_owned,
    visible,
)
from crm_contacts.service.owners import caller_user_id
from crm_contacts.service.queries import Queries
from crm_contacts.service.remote_records import RemoteRecords
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


def write_note(
    cmd: WriteNote,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> Note:
    """Write a note on a record, or a reply (``parent_id``) in its thread."""
    access.require(caller, NOTES, "create")
    author = caller_user_id(caller)
    if author is None:
        raise invalid("author", "notes are written by users")
    if cmd.parent_id is None:
        relation = (cmd.related_type, cmd.related_id)
        check_remote_first(remote, {"related_type", "related_id"}, *relation)
    with uow() as tx:
        parent = None
        if cmd.parent_id is not None:
            parent = tx.notes.get(cmd.parent_id)
            if parent is None or not visible(access, caller, NOTES, parent.owner_id):
                raise invalid("parent_id", "no note with this id")
        note = Note.create(
            id=uuid.uuid4(),
            owner_id=author,
            author_id=caller.subject,
            now=utcnow(),
            body=cmd.body,
            related_type=cmd.related_type,
            related_id=cmd.related_id,
            parent=parent,
        )
        if parent is None:
            _check_about(tx, access, queries, caller, note.related)
        tx.notes.add(note)
        if parent is None:
            own_timeline.note_written(tx, note)
    log.info("note.created", note_id=str(note.id))
    return note


def edit_note(
    cmd: EditNote, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Note:
    """Replace a note's text; the previous text stays in its history."""
    access.require(caller, NOTES, "edit")
    with uow() as tx:
        found = tx.notes.get(cmd.note_id)
        note = load_owned(access, caller, NOTES, found, "edit", ("Note", cmd.note_id))
        edited = note.edit(
            cmd.body, by=caller.subject, now=utcnow(), expected_version=cmd.expected_version
        )
        if edited:
            tx.notes.save(note)
    return note


def delete_note(
    cmd: DeleteNote, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete a note without replies (409 otherwise: a thread keeps its context)."""
    access.require(caller, NOTES, "delete")
    with uow() as tx:
        found = tx.notes.get(cmd.note_id)
        note = load_owned(access, caller, NOTES, found, "delete", ("Note", cmd.note_id))
        note.expect_version(cmd.expected_version)
        if tx.notes.has_replies(cmd.note_id):
            raise NoteHasReplies(cmd.note_id)
        tx.notes.remove(note)


def _check_about(
    tx: UnitOfWork, access: RecordAccess, queries: Queries, caller: Principal, about: Related | None
) -> None:
    # A note on a task or a meeting needs that activity to be visible to its author.
    if about is None:
        return
    if about.type in ("task", "event"):
        module = TASKS if about.type == "task" else EVENTS
        record = tx.tasks.get(about.id) if about.type == "task" else tx.events.get(about.id)
        if record is None or not visible(access, caller, module, record.owner_id):
            raise invalid("related_id", f"no {about.type} with this id")
        return
    check_related(queries, caller, about)
