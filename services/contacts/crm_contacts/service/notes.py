"""Note use cases: write, reply, edit (keeping every version), delete."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database, utcnow
from crm_chassis.errors import FieldError, InvalidFields, NotFound
from crm_chassis.logging import get_logger
from crm_contacts.domain.activities import Related
from crm_contacts.domain.notes import Note, NoteHasReplies
from crm_contacts.service.access import Access
from crm_contacts.service.activities import (
    EVENTS,
    NOTES,
    TASKS,
    ActivityUnitOfWork,
    RecordAccess,
    unit_of_work,
)
from crm_contacts.service.owners import caller_user_id
from crm_contacts.service.queries import Queries

log = get_logger(__name__)


class NoteNotFound(NotFound):
    def __init__(self, note_id: object) -> None:
        super().__init__(f"Note {note_id} does not exist.")


class NoteService:
    def __init__(self, db: Database, access: Access, queries: Queries) -> None:
        self.db = db
        self.access = access
        self.records = RecordAccess(access, queries)

    def create_note(self, principal: Principal, fields: dict[str, Any]) -> Note:
        """Write a note on a record, or a reply (``parent_id``) in its thread."""
        self.access.require(principal, NOTES, "create")
        author = caller_user_id(principal)
        if author is None:
            raise InvalidFields([FieldError("author", "notes are written by users")])
        with unit_of_work(self.db) as uow:
            parent = None
            parent_id = fields.get("parent_id")
            if parent_id is not None:
                parent = uow.notes.get(parent_id)
                if parent is None or not self.records.visible(principal, NOTES, parent.owner_id):
                    raise InvalidFields([FieldError("parent_id", "no note with this id")])
            note = Note.create(
                id=uuid.uuid4(),
                owner_id=author,
                author_id=principal.subject,
                now=utcnow(),
                body=fields.get("body"),
                related_type=fields.get("related_type"),
                related_id=fields.get("related_id"),
                parent=parent,
            )
            if parent is None:
                self._check_about(principal, uow, note.related)
            uow.notes.add(note)
        log.info("note.created", note_id=str(note.id))
        return note

    def edit_note(
        self, principal: Principal, note_id: UUID, body: str | None, expected: int | None
    ) -> Note:
        """Replace a note's text; the previous text stays in its history."""
        self.access.require(principal, NOTES, "edit")
        with unit_of_work(self.db) as uow:
            note = self.records.load(
                principal, NOTES, uow.notes.get(note_id), "edit", NoteNotFound(note_id)
            )
            if note.edit(body, by=principal.subject, now=utcnow(), expected_version=expected):
                uow.notes.save(note)
        return note

    def delete_note(self, principal: Principal, note_id: UUID, expected: int | None) -> None:
        """Delete a note without replies (409 otherwise: a thread keeps its context)."""
        self.access.require(principal, NOTES, "delete")
        with unit_of_work(self.db) as uow:
            note = self.records.load(
                principal, NOTES, uow.notes.get(note_id), "delete", NoteNotFound(note_id)
            )
            note.expect_version(expected)
            if uow.notes.has_replies(note_id):
                raise NoteHasReplies(note_id)
            uow.notes.remove(note)

    def _check_about(self, principal: Principal, uow: ActivityUnitOfWork, about: Related | None):
        # A note on a task or a meeting needs that activity to be visible to its author.
        if about is None:
            return
        if about.type in ("task", "event"):
            module = TASKS if about.type == "task" else EVENTS
            repo = uow.tasks if about.type == "task" else uow.events
            record = repo.get(about.id)
            if record is None or not self.records.visible(principal, module, record.owner_id):
                raise InvalidFields([FieldError("related_id", f"no {about.type} with this id")])
            return
        self.records.check_related(principal, about)
