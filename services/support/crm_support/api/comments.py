"""A ticket's thread: comments (public or internal) and attachments (on the ticket or on
one of its comments).

Attachments are uploaded as ``multipart/form-data`` (the part ``file``); the size limit
(``SUPPORT_ATTACHMENT_MAX_BYTES``, 413) and the content-type allow-list
(``SUPPORT_ATTACHMENT_TYPES``, 415) are checked once the ticket is known to be the
caller's. A download is served only to those who may see the ticket, as an attachment
(``Content-Disposition: attachment``) with ``X-Content-Type-Options: nosniff``, so a
browser never renders an uploaded file in our origin.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.http import Blueprint, File, FileReply, Page, RawBody, Reply
from crm_support.api.caller import run, support
from crm_support.api.schemas import AttachmentOut, CommentIn, CommentOut, PostedCommentOut, record
from crm_support.domain.commands import AddAttachment, AddComment
from crm_support.service.access import TICKETS

bp = Blueprint("ticket_comments", tag="tickets")
BASE = "/api/support/v1/tickets"
UPLOAD = RawBody(("multipart/form-data",), description="The file as the form part 'file'")


@bp.get("/tickets/<ticket_id>/comments", response=Page[CommentOut], permission=(TICKETS, "view"))
def list_comments(ticket_id: UUID) -> dict[str, Any]:
    """The ticket's thread, oldest first (a portal caller: the public comments only)."""
    found = support().queries.comments(context.principal(), ticket_id)
    return {"items": [record(c, CommentOut) for c in found], "next_cursor": None}


@bp.post(
    "/tickets/<ticket_id>/comments",
    body=CommentIn,
    response=PostedCommentOut,
    status=201,
    permission=(TICKETS, "edit"),
    summary="Add a comment (a customer's answer reopens a Closed ticket within the reopen "
    "window, else opens a linked ticket: see new_ticket and ticket_id)",
)
def add_comment(ticket_id: UUID, body: CommentIn) -> Reply:
    posted = run(AddComment(ticket_id, body.body, body.is_public))
    out = record(posted.comment, CommentOut)
    out.update(new_ticket=posted.new_ticket, ticket_number=posted.ticket.number)
    location = f"{BASE}/{posted.ticket.id}/comments"
    return Reply(out, location=location)


def _upload(ticket_id: UUID, comment_id: UUID | None) -> Reply:
    file = request.files.get("file")
    if file is None:
        raise BadRequest(
            "Attach the file as the form part 'file'.", errors=[FieldError("file", "is required")]
        )
    try:
        content = file.read()
    finally:
        # Large parts are spooled to a temporary file by werkzeug: close it now.
        for part in request.files.values():
            part.close()
    command = AddAttachment(
        ticket_id, file.filename or "", file.mimetype or "", content, comment_id=comment_id
    )
    attachment = run(command)
    location = f"{BASE}/{ticket_id}/attachments/{attachment.id}"
    return Reply(record(attachment, AttachmentOut), location=location)


@bp.post(
    "/tickets/<ticket_id>/attachments",
    raw_body=UPLOAD,
    max_body_bytes="attachment_upload_limit",
    response=AttachmentOut,
    status=201,
    idempotent=False,
    permission=(TICKETS, "edit"),
    summary="Attach a file to a ticket (multipart/form-data 'file'; 413 too large, 415 type)",
)
def add_attachment(ticket_id: UUID, media_type: str) -> Reply:
    return _upload(ticket_id, None)


@bp.post(
    "/tickets/<ticket_id>/comments/<comment_id>/attachments",
    raw_body=UPLOAD,
    max_body_bytes="attachment_upload_limit",
    response=AttachmentOut,
    status=201,
    idempotent=False,
    permission=(TICKETS, "edit"),
    summary="Attach a file to a comment of a ticket",
)
def add_comment_attachment(ticket_id: UUID, comment_id: UUID, media_type: str) -> Reply:
    return _upload(ticket_id, comment_id)


@bp.get(
    "/tickets/<ticket_id>/attachments",
    response=Page[AttachmentOut],
    permission=(TICKETS, "view"),
)
def list_attachments(ticket_id: UUID) -> dict[str, Any]:
    """The ticket's files (a portal caller: not those of internal comments)."""
    found = support().queries.attachments(context.principal(), ticket_id)
    return {"items": [record(a, AttachmentOut) for a in found], "next_cursor": None}


def _header_safe(name: str) -> str:
    """The file name as a header may carry it: ASCII, no quotes or line breaks."""
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)


@bp.get(
    "/tickets/<ticket_id>/attachments/<attachment_id>",
    response=File("application/octet-stream", "The file, as it was uploaded"),
    permission=(TICKETS, "view"),
    summary="Download an attachment (Content-Disposition: attachment; nosniff)",
)
def download_attachment(ticket_id: UUID, attachment_id: UUID) -> FileReply:
    found, content = support().queries.attachment(context.principal(), ticket_id, attachment_id)
    return FileReply(
        content,
        filename=_header_safe(found.filename),
        media_type=found.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"},
    )
