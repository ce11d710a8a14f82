"""A ticket's thread: comments (public, seen by the customer, or internal) and attachments.

An attachment belongs to a ticket and optionally to one of its comments; the service
keeps its bytes (checked against the size limit and content-type allow-list of settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from crm_chassis.errors import invalid
from crm_support.domain.errors import AttachmentTooLarge, AttachmentTypeRefused

if TYPE_CHECKING:
    from crm_support.domain.tickets import Ticket

FILENAME_MAX = 255
STAFF, CUSTOMER = "staff", "customer"


@dataclass(frozen=True)
class Comment:
    id: UUID
    ticket_id: UUID
    body: str
    is_public: bool
    author_id: UUID | None
    author_kind: str
    created_at: datetime
    # The e-mail's Message-ID when the comment came in (or went out) by mail.
    message_id: str | None = None


@dataclass(frozen=True)
class PostedComment:
    """Where a comment landed: its ticket (a new linked one when the closed ticket was past
    its reopen window) and the comment."""

    ticket: Ticket
    comment: Comment
    new_ticket: bool = False


@dataclass(frozen=True)
class Attachment:
    id: UUID
    ticket_id: UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str
    comment_id: UUID | None = None


def clean_filename(name: str | None) -> str:
    """The file's base name without path parts or control characters (422 when empty)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip()
    if not cleaned or cleaned in (".", ".."):
        raise invalid("file", "needs a file name")
    return cleaned[:FILENAME_MAX]


def check_attachment(
    content_type: str, size: int, *, max_bytes: int, allowed: tuple[str, ...]
) -> str:
    """413 over the size limit, 415 outside the allow-list; return the bare media type."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if size > max_bytes:
        raise AttachmentTooLarge(size, max_bytes)
    if size == 0:
        raise invalid("file", "is empty")
    if media not in allowed:
        raise AttachmentTypeRefused(media or "unknown", allowed)
    return media


@dataclass(frozen=True)
class AttachmentLimits:
    """From settings: the largest accepted attachment and the accepted content types."""

    max_bytes: int
    types: tuple[str, ...]
