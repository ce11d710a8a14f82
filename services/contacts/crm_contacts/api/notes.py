"""Note routes: threads on any record, edits with history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_contacts.api.activity_schemas import (
    HistoryQuery,
    NoteCreate,
    NoteListQuery,
    NoteOut,
    NotePatch,
    RevisionOut,
)
from crm_contacts.domain.notes import Note
from crm_contacts.service.activities import NOTES
from crm_contacts.service.activity_queries import ActivityQueries
from crm_contacts.service.notes import NoteService

BASE = "/api/contacts/v1"
FILTERS = ("related_type", "related_id", "parent_id", "owner_id", "top_level")


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


def register(api: Api, commands: NoteService, queries: ActivityQueries) -> None:
    access = commands.access

    def shown(body: Any) -> dict[str, Any]:
        return access.fields(context.principal(), NOTES).redact(body.model_dump(mode="json"))

    @api.route(
        "/notes",
        "POST",
        body=NoteCreate,
        response=NoteOut,
        status=201,
        permission=(NOTES, "create"),
        summary="Write a note, or reply with parent_id",
    )
    def create_note(body: NoteCreate) -> Reply:
        note = commands.create_note(context.principal(), body.model_dump(exclude_unset=True))
        return Reply(
            shown(note_out(note)), status=201, location=f"{BASE}/notes/{note.id}", etag=note.version
        )

    @api.route(
        "/notes",
        "GET",
        query=NoteListQuery,
        response=Page[NoteOut],
        permission=(NOTES, "view"),
        summary="List notes (related_type/related_id, parent_id for a thread)",
    )
    def list_notes(query: NoteListQuery) -> Reply:
        items, cursor = queries.list_notes(context.principal(), query.params())
        return Reply({"items": [shown(note_out(n)) for n in items], "next_cursor": cursor})

    @api.route(
        "/notes/<note_id>",
        "GET",
        response=NoteOut,
        permission=(NOTES, "view"),
        summary="Get a note",
    )
    def get_note(note_id: UUID) -> Reply:
        note = queries.get_note(context.principal(), note_id)
        return Reply(shown(note_out(note)), etag=note.version)

    @api.route(
        "/notes/<note_id>/history",
        "GET",
        query=HistoryQuery,
        response=Page[RevisionOut],
        permission=(NOTES, "view"),
        summary="Every version of a note, oldest first",
    )
    def note_history(note_id: UUID, query: HistoryQuery) -> Reply:
        items, cursor = queries.note_history(
            context.principal(), note_id, limit=query.limit, cursor=query.cursor
        )
        return Reply(
            {
                "items": [
                    RevisionOut(
                        version=r.version, body=r.body, edited_by=r.edited_by, edited_at=r.edited_at
                    ).model_dump(mode="json")
                    for r in items
                ],
                "next_cursor": cursor,
            }
        )

    @api.route(
        "/notes/<note_id>",
        "PATCH",
        body=NotePatch,
        response=NoteOut,
        permission=(NOTES, "edit"),
        summary="Edit a note (the old text stays in history)",
    )
    def patch_note(note_id: UUID, body: NotePatch) -> Reply:
        note = commands.edit_note(context.principal(), note_id, body.body, if_match())
        return Reply(shown(note_out(note)), etag=note.version)

    @api.route(
        "/notes/<note_id>",
        "DELETE",
        status=204,
        permission=(NOTES, "delete"),
        summary="Delete a note without replies",
    )
    def delete_note(note_id: UUID) -> Reply:
        commands.delete_note(context.principal(), note_id, if_match())
        return Reply(None, status=204)
