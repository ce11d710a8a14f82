"""Merges: one record survives, the others point to it, field by field.

A merged-away id keeps resolving: ``GET /accounts/{merged id}`` answers 200 with the
survivor (its own ``id``) and a ``Content-Location`` header naming the survivor's URL; the
same holds for contacts and for gRPC gets. Lists, searches and batch gets no longer show it.
"""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Blueprint, service
from crm_contacts.api.accounts import account_out
from crm_contacts.api.contacts import contact_out
from crm_contacts.api.schemas import MergeIn, MergeOut, redacted
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import MergeRecords
from crm_contacts.service.access import either

bp = Blueprint("merges")


@bp.post(
    "/merges",
    body=MergeIn,
    response=MergeOut,
    permission_any=either("edit"),
    summary="Merge records into a survivor, choosing each field's source",
)
def merge(body: MergeIn) -> MergeOut:
    app, caller = service(Contacts), context.principal()
    command = MergeRecords(body.entity, body.survivor_id, tuple(body.merged_ids), body.fields)
    merged = app.run(command, caller=caller)
    out = account_out if body.entity == "accounts" else contact_out
    return MergeOut(
        entity=body.entity,
        survivor=redacted(out(merged.survivor), app.access.fields(caller, body.entity)),
        merged_ids=body.merged_ids,
        moved=dict(merged.moved),
    )
