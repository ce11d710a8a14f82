"""Identity's own error types, each a transport-neutral kind from the chassis.

Field errors (422), missing records (404) and stale versions (412) are the chassis's
``InvalidFields``/``invalid``, ``RecordNotFound`` and ``VersionMismatch``.

OAuth 2.0 token-endpoint failures (RFC 6749 section 5.2) keep the RFC's ``error`` code and
render as problem+json with ``error`` and ``error_description`` members, so OAuth client
libraries and our own clients both cope.
"""

from __future__ import annotations

from crm_chassis.errors import (
    AlreadyExists,
    AppError,
    BadRequest,
    Conflict,
    FieldError,
    NotFound,
    RateLimited,
    Unauthenticated,
)


class EmailTaken(AlreadyExists):
    def __init__(self) -> None:
        super().__init__(
            "A user with this email already exists.",
            errors=[FieldError("email", "already in use")],
        )


class NameTaken(AlreadyExists):
    """A role, profile or group name is unique (case-insensitively)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"A {what} with this name already exists.",
            errors=[FieldError("name", "already in use")],
        )


class LastAdministrator(Conflict):
    def __init__(self) -> None:
        super().__init__("The last active administrator cannot be deactivated or demoted.")


class NoSharingDefault(NotFound):
    """Sharing defaults exist only for modules whose records have owners."""

    def __init__(self) -> None:
        super().__init__("No such module with record owners.")


class TooManyAttempts(RateLimited):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many failed sign-in attempts; try again later.",
            headers={"Retry-After": str(retry_after)},
            extra={"retry_after": retry_after},
        )
        self.retry_after = retry_after


def oauth_error(code: str, description: str) -> AppError:
    """Build the error for an RFC 6749 ``error`` code (400, or 401 for invalid_client)."""
    cls: type[AppError] = Unauthenticated if code == "invalid_client" else BadRequest
    err = cls(description, extra={"error": code, "error_description": description})
    if code == "invalid_client":
        err.headers["WWW-Authenticate"] = 'Basic realm="crm-identity"'
    return err
