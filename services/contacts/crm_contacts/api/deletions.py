"""Deletion requests: list, read, approve, reject (managers decide)."""

from __future__ import annotations

from uuid import UUID

from flask import request
from pydantic import ValidationError

from crm_chassis import context
from crm_chassis.errors import ValidationFailed
from crm_chassis.http import Api, Page, Reply, field_errors
from crm_contacts.api.mapping import deletion_request_out
from crm_contacts.api.schemas import DecisionIn, DeletionRequestListQuery, DeletionRequestOut
from crm_contacts.bootstrap import Contacts


def _note() -> str | None:
    """The optional body ``{"note": "..."}`` of a decision."""
    raw = request.get_json(silent=True) if request.get_data(cache=True).strip() else None
    if raw is None:
        return None
    try:
        return DecisionIn.model_validate(raw).note
    except ValidationError as exc:
        raise ValidationFailed("The request body is not valid.", errors=field_errors(exc)) from None


def register(api: Api, app: Contacts) -> None:
    @api.route(
        "/deletion-requests",
        "GET",
        query=DeletionRequestListQuery,
        response=Page[DeletionRequestOut],
        summary="Deletion requests about records you can see, newest first",
    )
    def list_requests(query: DeletionRequestListQuery) -> Reply:
        items, cursor = app.queries.list_deletion_requests(
            context.principal(), limit=query.limit, cursor=query.cursor, status=query.status
        )
        return Reply(
            Page[DeletionRequestOut](
                items=[deletion_request_out(r) for r in items], next_cursor=cursor
            )
        )

    @api.route(
        "/deletion-requests/<request_id>",
        "GET",
        response=DeletionRequestOut,
        summary="One deletion request",
    )
    def get_request(request_id: UUID) -> Reply:
        return Reply(
            deletion_request_out(app.queries.get_deletion_request(context.principal(), request_id))
        )

    @api.route(
        "/deletion-requests/<request_id>/approve",
        "POST",
        response=DeletionRequestOut,
        summary="Approve: the record is soft-deleted (managers of its owner only)",
    )
    def approve(request_id: UUID) -> Reply:
        request = app.decide_deletion(context.principal(), request_id, approve=True, note=_note())
        return Reply(deletion_request_out(request))

    @api.route(
        "/deletion-requests/<request_id>/reject",
        "POST",
        response=DeletionRequestOut,
        summary="Reject: the record stays (managers of its owner only)",
    )
    def reject(request_id: UUID) -> Reply:
        request = app.decide_deletion(context.principal(), request_id, approve=False, note=_note())
        return Reply(deletion_request_out(request))
