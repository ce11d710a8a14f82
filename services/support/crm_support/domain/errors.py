"""Errors of support's rules, as subclasses of the chassis's kinds.

``crm_chassis.errors`` holds the kinds (``Conflict``, ``InvalidFields``, ``RecordNotFound``,
``VersionMismatch``, ...) and maps each to an HTTP status and a gRPC code in one place; a
rule raises, and no view catches it.
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis.errors import Conflict, RecordNotFound, TooLarge, UnsupportedMediaType


class TicketNotFound(RecordNotFound):
    def __init__(self, ticket_id: object) -> None:
        super().__init__("Ticket", ticket_id)


class TicketClosed(Conflict):
    """A closed ticket's fields stay as they were closed; reopen it first."""

    def __init__(self, ticket_id: UUID) -> None:
        super().__init__(
            f"Ticket {ticket_id} is Closed; reopen it (status Open with a reason) to change it.",
            extra={"current_status": "Closed", "allowed_next": []},
        )


class AttachmentTooLarge(TooLarge):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"The attachment has {size} bytes; at most {limit} are accepted.",
            extra={"max_bytes": limit},
        )


class AttachmentTypeRefused(UnsupportedMediaType):
    def __init__(self, content_type: str, allowed: tuple[str, ...]) -> None:
        super().__init__(
            f"Attachments of type '{content_type}' are not accepted.",
            extra={"allowed_types": list(allowed)},
        )
