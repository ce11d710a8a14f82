"""Notes (comments) on any record, on tasks and on calls/meetings, threaded; edits keep history.

The author owns a note (``owner_id``), so the notes module's record-level access applies to
it like any other record. A reply (``parent_id``) belongs to its parent's record and thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.fields import Checker
from crm_contacts.domain.activities import RELATED_TYPES, Owned, Related, check_related

#: Notes may also sit on activities themselves.
NOTE_RELATED_TYPES: tuple[str, ...] = (*RELATED_TYPES, "task", "event")
MAX_BODY = 32_000


@dataclass(frozen=True)
class Revision:
    """One version of a note's text: who wrote it and when."""

    version: int
    body: str
    edited_by: str
    edited_at: datetime


@dataclass
class Note(Owned):
    id: UUID
    body: str
    owner_id: UUID
    author_id: str
    created_at: datetime
    updated_at: datetime
    related: Related | None = None
    parent_id: UUID | None = None
    version: int = 1
    # Revisions written by this unit of work (the repository appends them).
    new_revisions: list[Revision] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        owner_id: UUID,
        author_id: str,
        now: datetime,
        body: str | None,
        related_type: str | None,
        related_id: UUID | None,
        parent: Note | None = None,
    ) -> Note:
        """Write a note, or a reply to ``parent`` (which fixes the record it is about)."""
        check = Checker()
        clean = _body(check, body)
        related = check_related(check, related_type, related_id, NOTE_RELATED_TYPES)
        if parent is not None:
            if related is not None and related != parent.related:
                check.add("related_id", "a reply is about its parent's record")
            related = parent.related
        elif related is None and not check.errors:
            check.add("related_type", "is required (or reply with parent_id)")
        check.raise_if_any()
        note = cls(
            id=id,
            body=clean,
            owner_id=owner_id,
            author_id=author_id,
            created_at=now,
            updated_at=now,
            related=related,
            parent_id=parent.id if parent is not None else None,
        )
        note.new_revisions.append(Revision(1, clean, author_id, now))
        return note

    def edit(self, body: str | None, *, by: str, now: datetime, expected_version: int | None):
        """Replace the text, keeping the previous versions; unchanged text changes nothing."""
        self.expect_version(expected_version)
        check = Checker()
        clean = _body(check, body)
        check.raise_if_any()
        if clean == self.body:
            return False
        self.body = clean
        self.version += 1
        self.updated_at = now
        self.new_revisions.append(Revision(self.version, clean, by, now))
        return True

    @property
    def edited(self) -> bool:
        return self.version > 1


def _body(check: Checker, body: str | None) -> str:
    clean = (body or "").strip()
    if not clean:
        check.add("body", "is required")
    elif len(clean) > MAX_BODY:
        check.add("body", f"at most {MAX_BODY} characters")
    return clean
