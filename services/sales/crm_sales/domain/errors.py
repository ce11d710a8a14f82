"""Domain errors: each is one of the chassis's transport-neutral kinds."""

from __future__ import annotations

from crm_chassis.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
)

__all__ = ["FieldError", "Forbidden"]


class RecordNotFound(NotFound):
    def __init__(self, what: str, record_id: object) -> None:
        super().__init__(f"{what} {record_id} does not exist.")


class InvalidFields(ValidationFailed):
    """One or more fields break a business rule (422 with field errors)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("Some fields are not valid.", errors=errors)


def invalid(field: str, message: str) -> InvalidFields:
    return InvalidFields([FieldError(field, message)])


class VersionMismatch(PreconditionFailed):
    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"The record is at version {current}, not {expected}; fetch it again.",
            extra={"current_version": current},
        )


class LeadAlreadyConverted(Conflict):
    def __init__(self, lead_id: object) -> None:
        super().__init__(f"Lead {lead_id} is already converted; it is read-only.")


class QuoteNotEditable(Conflict):
    def __init__(self, quote_id: object, why: str) -> None:
        super().__init__(f"Quote {quote_id} cannot change: {why}.")


class QuoteNotApprovable(Conflict):
    def __init__(self, quote_id: object, why: str) -> None:
        super().__init__(f"Quote {quote_id} cannot be approved: {why}.")


class InvalidState(Conflict):
    """The record's state does not allow this action."""
