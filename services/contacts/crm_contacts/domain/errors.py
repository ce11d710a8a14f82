"""Domain errors: each is one of the chassis's transport-neutral kinds."""

from __future__ import annotations

from crm_chassis.errors import Conflict, FieldError


class RecordAlreadyDeleted(Conflict):
    def __init__(self, record_id: object) -> None:
        super().__init__(f"Record {record_id} is already deleted.")


class NotRestorable(Conflict):
    def __init__(self, record_id: object, why: str) -> None:
        super().__init__(f"Record {record_id} cannot be restored: {why}.")


class DuplicateCustomerCode(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"Customer code {code} is taken by another account.",
            errors=[FieldError("customer_code", "is taken by another account")],
        )


class MergeNotAllowed(Conflict):
    def __init__(self, why: str) -> None:
        super().__init__(f"These records cannot be merged: {why}.")


class NoteHasReplies(Conflict):
    def __init__(self, note_id: object) -> None:
        super().__init__(f"Note {note_id} has replies; delete them first.")
