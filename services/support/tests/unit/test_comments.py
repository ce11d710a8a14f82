"""Attachment checks and file names; comment rules on the ticket."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm_chassis.errors import InvalidFields
from crm_support.domain.comments import Comment, check_attachment, clean_filename
from crm_support.domain.errors import AttachmentTooLarge, AttachmentTypeRefused
from crm_support.domain.tickets import Ticket, TicketFields

NOW = datetime(2026, 12, 4, tzinfo=UTC)
TYPES = ("application/pdf", "text/plain")


def test_file_names_lose_their_paths_and_odd_characters():
    assert clean_filename("C:\\temp\\..\\report.pdf") == "report.pdf"
    assert clean_filename('../../etc/pa"ss<wd>') == "passwd"
    with pytest.raises(InvalidFields):
        clean_filename("../..")


def test_size_and_type_are_checked():
    assert (
        check_attachment("text/plain; charset=utf-8", 10, max_bytes=10, allowed=TYPES)
        == "text/plain"
    )
    with pytest.raises(AttachmentTooLarge) as big:
        check_attachment("text/plain", 11, max_bytes=10, allowed=TYPES)
    assert big.value.spec.status == 413
    with pytest.raises(AttachmentTypeRefused) as html:
        check_attachment("text/html", 1, max_bytes=10, allowed=TYPES)
    assert html.value.spec.status == 415
    with pytest.raises(InvalidFields):
        check_attachment("text/plain", 0, max_bytes=10, allowed=TYPES)


def _comment(ticket: Ticket, kind: str, public: bool) -> Comment:
    return Comment(uuid.uuid4(), ticket.id, "hi", public, None, kind, NOW)


def test_only_a_public_staff_comment_is_the_first_response():
    ticket = Ticket.open(
        id=uuid.uuid4(), number="TT-2026-000001", fields=TicketFields(title="x"), now=NOW, by="u"
    )
    ticket.add_comment(_comment(ticket, "customer", True))
    ticket.add_comment(_comment(ticket, "staff", False))
    assert ticket.first_response_at is None
    ticket.add_comment(_comment(ticket, "staff", True))
    assert ticket.first_response_at == NOW
