"""Deletion requests: list, read, approve, reject (managers decide); and the DELETE of a
record, which answers 204 or 202 with the request that now waits for a manager."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service
from crm_contacts.api.schemas import (
    DecisionIn,
    DeletionRequestListQuery,
    DeletionRequestOut,
)
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import DecideDeletion
from crm_contacts.domain.deletions import DeletionRequest
from crm_contacts.service.access import either

bp = Blueprint("deletion_requests", tag="deletion-requests")
REQUESTS = "/api/contacts/v1/deletion-requests"


def deletion_request_out(r: DeletionRequest) -> DeletionRequestOut:
    return DeletionRequestOut(
        id=r.id,
        record_type=r.record_type,
        record_id=r.record_id,
        status=r.status,
        reason=r.reason,
        references=r.references,
        requested_by=r.requested_by,
        requested_at=r.requested_at,
        decided_by=r.decided_by,
        decided_at=r.decided_at,
        decision_note=r.decision_note,
    )


def deleted_or_requested(
    blueprint: Blueprint, path: str, **options: Any
) -> Callable[[Callable[..., DeletionRequest | None]], Callable[..., Reply]]:
    """Declare the DELETE of a record: 204 when it is deleted, or 202 with the deletion
    request when others refer to it (the view returns the request or None).

    A delete that waits for a manager declares its 202 (``accepted``): the deletion is not
    done yet, and the request at its Location says when it is.
    """

    def declare(view: Callable[..., DeletionRequest | None]) -> Callable[..., Reply]:
        @functools.wraps(view)
        def answer(**kwargs: Any) -> Reply:
            request = view(**kwargs)
            if request is None:
                return Reply(None)
            body = deletion_request_out(request)
            return Reply(body, status=202, location=f"{REQUESTS}/{request.id}")

        blueprint.delete(path, accepted=DeletionRequestOut, **options)(answer)
        return answer

    return declare


@bp.get(
    "/deletion-requests",
    query=DeletionRequestListQuery,
    response=Page[DeletionRequestOut],
    permission_any=either("view"),
    summary="Deletion requests about records you can see, newest first",
)
def list_requests(query: DeletionRequestListQuery) -> Page[DeletionRequestOut]:
    items, cursor = service(Contacts).queries.list_deletion_requests(
        context.principal(), limit=query.limit, cursor=query.cursor, status=query.status
    )
    return Page[DeletionRequestOut](
        items=[deletion_request_out(r) for r in items], next_cursor=cursor
    )


@bp.get(
    "/deletion-requests/<request_id>",
    response=DeletionRequestOut,
    summary="One deletion request",
)
def get_request(request_id: UUID) -> DeletionRequestOut:
    request = service(Contacts).queries.get_deletion_request(context.principal(), request_id)
    return deletion_request_out(request)


@bp.post(
    "/deletion-requests/<request_id>/approve",
    body=DecisionIn,
    optional_body=True,
    response=DeletionRequestOut,
    permission_any=either("delete"),
    summary="Approve: the record is soft-deleted (managers of its owner only); "
    'optional body {"note": "..."}',
)
def approve(request_id: UUID, body: DecisionIn | None) -> DeletionRequestOut:
    return _decide(request_id, body, approve=True)


@bp.post(
    "/deletion-requests/<request_id>/reject",
    body=DecisionIn,
    optional_body=True,
    response=DeletionRequestOut,
    permission_any=either("delete"),
    summary='Reject: the record stays (managers of its owner only); optional body {"note": "..."}',
)
def reject(request_id: UUID, body: DecisionIn | None) -> DeletionRequestOut:
    return _decide(request_id, body, approve=False)


def _decide(request_id: UUID, body: DecisionIn | None, *, approve: bool) -> DeletionRequestOut:
    command = DecideDeletion(request_id, approve, body.note if body else None)
    return deletion_request_out(service(Contacts).run(command, caller=context.principal()))
