"""Note routes: threads on any record, edits with history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_contacts.api.activity_schemas import (
    HistoryQuery,
    NoteCreate,
    NoteListQuery,
    NoteOut,
    NotePatch,
    RevisionOut,
)
from crm_contacts.api.schemas import redacted
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import DeleteNote, EditNote, WriteNote
from crm_contacts.domain.notes import Note
from crm_contacts.service.activity_access import NOTES

bp = Blueprint("notes")
BASE = "/api/contacts/v1/notes"


def note_out(n: Note) -> NoteOut:
    assert n.related is not None
    return NoteOut(
        id=n.id,
        body=n.body,
        related_type=n.related.type,
        related_id=n.related.id,
        parent_id=n.parent_id,
        owner_id=n.owner_id,
        author_id=n.author_id,
        edited=n.edited,
        created_at=n.created_at,
        updated_at=n.updated_at,
        version=n.version,
    )


def note_body(note: Note, fields: FieldAccess | None = None) -> dict[str, Any]:
    """The note as the caller may see it."""
    fields = fields or service(Contacts).access.fields(context.principal(), NOTES)
    return redacted(note_out(note), fields)


@bp.post(
    "/notes",
    body=NoteCreate,
    response=NoteOut,
    status=201,
    permission=(NOTES, "create"),
    summary="Write a note, or reply with parent_id",
)
def create_note(body: NoteCreate) -> Reply:
    command = WriteNote(body.body, body.related_type, body.related_id, body.parent_id)
    note = service(Contacts).run(command, caller=context.principal())
    return Reply(note_body(note), location=f"{BASE}/{note.id}", etag=note.version)


@bp.get(
    "/notes",
    query=NoteListQuery,
    response=Page[NoteOut],
    permission=(NOTES, "view"),
    summary="List notes (related_type/related_id, parent_id for a thread)",
)
def list_notes(query: NoteListQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    items, cursor = app.activities.list_notes(caller, query.params())
    fields = app.access.fields(caller, NOTES)
    return {"items": [note_body(n, fields) for n in items], "next_cursor": cursor}


@bp.get(
    "/notes/<note_id>",
    response=NoteOut,
    permission=(NOTES, "view"),
    summary="Get a note",
)
def get_note(note_id: UUID) -> Reply:
    note = service(Contacts).activities.get_note(context.principal(), note_id)
    return Reply(note_body(note), etag=note.version)


@bp.get(
    "/notes/<note_id>/history",
    query=HistoryQuery,
    response=Page[RevisionOut],
    permission=(NOTES, "view"),
    summary="Every version of a note, oldest first",
)
def note_history(note_id: UUID, query: HistoryQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    items, cursor = app.activities.note_history(
        caller, note_id, limit=query.limit, cursor=query.cursor
    )
    # A history is an answer too: a body hidden from the caller is absent from every version.
    fields = app.access.fields(caller, NOTES)
    revisions = [
        redacted(
            RevisionOut(
                version=r.version, body=r.body, edited_by=r.edited_by, edited_at=r.edited_at
            ),
            fields,
        )
        for r in items
    ]
    return {"items": revisions, "next_cursor": cursor}


@bp.patch(
    "/notes/<note_id>",
    body=NotePatch,
    response=NoteOut,
    permission=(NOTES, "edit"),
    summary="Edit a note (the old text stays in history)",
)
def patch_note(note_id: UUID, body: NotePatch) -> Reply:
    note = service(Contacts).run(
        EditNote(note_id, body.body, if_match()), caller=context.principal()
    )
    return Reply(note_body(note), etag=note.version)


@bp.delete(
    "/notes/<note_id>",
    response=None,
    permission=(NOTES, "delete"),
    summary="Delete a note without replies",
)
def delete_note(note_id: UUID) -> None:
    service(Contacts).run(DeleteNote(note_id, if_match()), caller=context.principal())
