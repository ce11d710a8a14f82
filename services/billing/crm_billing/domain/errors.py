"""Domain errors: each is one of the chassis's transport-neutral kinds."""

from __future__ import annotations

from crm_chassis.errors import (
    Conflict,
    FieldError,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
)

__all__ = [
    "Conflict",
    "FieldError",
    "InvalidFields",
    "InvalidTransition",
    "InvoiceIssued",
    "NotFound",
    "RecordNotFound",
    "VersionMismatch",
]


class RecordNotFound(NotFound):
    def __init__(self, kind: str, record_id: object) -> None:
        super().__init__(f"{kind} {record_id} does not exist.")


class InvalidFields(ValidationFailed):
    """One or more fields break a business rule (422 with field errors)."""

    def __init__(
        self, errors: list[FieldError], detail: str = "Some fields are not valid."
    ) -> None:
        super().__init__(detail, errors=errors)


def invalid(field: str, message: str) -> InvalidFields:
    return InvalidFields([FieldError(field, message)])


class InvalidTransition(Conflict):
    """The record's status does not allow this change (409)."""

    def __init__(self, kind: str, current: str, target: str) -> None:
        super().__init__(
            f"A {kind} in status '{current}' cannot become '{target}'.",
            extra={"current_status": current},
        )


class InvoiceIssued(Conflict):
    """An issued invoice is immutable; corrections are credit notes (409)."""

    def __init__(self, number: str, status: str) -> None:
        super().__init__(
            f"Invoice {number} is issued (status '{status}') and cannot be edited; "
            "issue a credit note to correct it.",
            extra={"current_status": status},
        )


class VersionMismatch(PreconditionFailed):
    """The client's If-Match names a version the record has moved past."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"The record is at version {current}, not {expected}; fetch it again.",
            extra={"current_version": current},
        )
