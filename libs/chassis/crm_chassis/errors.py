"""Transport-neutral error kinds and the one table that maps them to HTTP and gRPC.

Domain code raises subclasses of :class:`AppError` (``LeadAlreadyConverted(Conflict)``);
the HTTP error processor and the gRPC interceptor are the only two places that translate
them, both through :data:`KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class Kind:
    status: int
    title: str
    grpc_name: str
    slug: str


KINDS: dict[str, Kind] = {
    "bad_request": Kind(400, "Bad Request", "INVALID_ARGUMENT", "bad-request"),
    "unauthenticated": Kind(401, "Unauthorized", "UNAUTHENTICATED", "unauthorized"),
    "forbidden": Kind(403, "Forbidden", "PERMISSION_DENIED", "forbidden"),
    "not_found": Kind(404, "Not Found", "NOT_FOUND", "not-found"),
    "method_not_allowed": Kind(405, "Method Not Allowed", "UNIMPLEMENTED", "method-not-allowed"),
    "conflict": Kind(409, "Conflict", "FAILED_PRECONDITION", "conflict"),
    "already_exists": Kind(409, "Conflict", "ALREADY_EXISTS", "already-exists"),
    "precondition_failed": Kind(
        412, "Precondition Failed", "FAILED_PRECONDITION", "precondition-failed"
    ),
    "precondition_required": Kind(
        428, "Precondition Required", "FAILED_PRECONDITION", "precondition-required"
    ),
    "too_large": Kind(413, "Content Too Large", "RESOURCE_EXHAUSTED", "too-large"),
    "unsupported_media_type": Kind(
        415, "Unsupported Media Type", "INVALID_ARGUMENT", "unsupported-media-type"
    ),
    "validation": Kind(422, "Unprocessable Content", "INVALID_ARGUMENT", "validation-error"),
    "rate_limited": Kind(429, "Too Many Requests", "RESOURCE_EXHAUSTED", "rate-limited"),
    "internal": Kind(500, "Internal Server Error", "INTERNAL", "internal"),
    "unavailable": Kind(503, "Service Unavailable", "UNAVAILABLE", "unavailable"),
}

TYPE_BASE = "https://crm.example/problems/"


class AppError(Exception):
    """An expected failure with a kind, a human detail and optional field errors."""

    kind: str = "internal"

    def __init__(
        self,
        detail: str = "",
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra or {}

    @property
    def spec(self) -> Kind:
        return KINDS[self.kind]

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        """Render this error as an RFC 9457 problem document."""
        return problem(self.kind, self.detail, errors=self.errors, instance=instance, **self.extra)


class BadRequest(AppError):
    kind = "bad_request"


class Unauthenticated(AppError):
    kind = "unauthenticated"


class Forbidden(AppError):
    kind = "forbidden"


class NotFound(AppError):
    kind = "not_found"


class Conflict(AppError):
    kind = "conflict"


class AlreadyExists(AppError):
    kind = "already_exists"


class PreconditionFailed(AppError):
    kind = "precondition_failed"


class PreconditionRequired(AppError):
    kind = "precondition_required"


class TooLarge(AppError):
    kind = "too_large"


class UnsupportedMediaType(AppError):
    kind = "unsupported_media_type"


class ValidationFailed(AppError):
    kind = "validation"


class RateLimited(AppError):
    kind = "rate_limited"


class Unavailable(AppError):
    kind = "unavailable"


def problem(
    kind: str,
    detail: str = "",
    *,
    errors: list[FieldError] | None = None,
    instance: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Build a problem+json body for an error kind."""
    spec = KINDS[kind]
    body: dict[str, Any] = {
        "type": TYPE_BASE + spec.slug,
        "title": spec.title,
        "status": spec.status,
        "detail": detail or spec.title,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    body.update(extra)
    return body


class InvalidFields(ValidationFailed):
    """One or more fields break a rule (422 naming every bad field)."""

    def __init__(
        self, errors: list[FieldError], detail: str = "Some fields are not valid."
    ) -> None:
        super().__init__(detail, errors=errors)


def invalid(field: str, message: str) -> InvalidFields:
    """A 422 naming one field."""
    return InvalidFields([FieldError(field, message)])


class RecordNotFound(NotFound):
    """No such record, or one the caller may not see (the two answer alike)."""

    def __init__(self, what: str, record_id: object) -> None:
        super().__init__(f"{what} {record_id} does not exist.")


class VersionMismatch(PreconditionFailed):
    """The client's If-Match names a version the record has moved past."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"The record is at version {current}, not {expected}; fetch it again.",
            extra={"current_version": current},
        )


def kind_for_status(status: int) -> str:
    """Return the error kind whose HTTP status is ``status`` (``internal`` if none)."""
    for name, spec in KINDS.items():
        if spec.status == status:
            return name
    return "internal"


__all__ = [name for name in dir() if not name.startswith("_")]
