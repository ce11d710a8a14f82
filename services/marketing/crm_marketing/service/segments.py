"""Segments (saved filters, checked at save) and the preview of any audience."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import RecordNotFound, VersionMismatch
from crm_marketing.adapters.list_store import ListStore
from crm_marketing.domain.audience_commands import (
    ChangeSegment,
    CreateSegment,
    DeleteSegment,
    PreviewAudience,
)
from crm_marketing.domain.ports import AudiencePreview, Recipient, Recipients
from crm_marketing.domain.segments import Segment
from crm_marketing.service.audience_access import (
    CREATE,
    DELETE,
    EDIT,
    READ,
    check_new_owner,
    owner_for,
    require,
    visible,
)
from crm_marketing.service.audience_refs import visible_audience
from crm_marketing.service.unit_of_work import UnitOfWorkFactory


def create_segment(
    cmd: CreateSegment, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Segment:
    require(access, caller, CREATE)
    fields = replace(cmd.fields, owner_id=owner_for(access, caller, cmd.fields.owner_id))
    found = Segment.create(id=uuid.uuid4(), fields=fields, by=caller.subject, now=utcnow())
    with uow() as tx:
        ListStore(tx.session).add_segment(found)
    return found


def change_segment(
    cmd: ChangeSegment, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Segment:
    require(access, caller, EDIT)
    check_new_owner(access, cmd.sent, cmd.fields.owner_id)
    with uow() as tx:
        store = ListStore(tx.session)
        found = store.get_segment(cmd.segment_id, for_update=True)
        visible(access, caller, found, "Segment", cmd.segment_id, "edit")
        if cmd.expected_version is not None and cmd.expected_version != found.version:
            raise VersionMismatch(cmd.expected_version, found.version)
        found.change(cmd.fields, cmd.sent, utcnow())
        store.save_segment(found)
    return found


def delete_segment(
    cmd: DeleteSegment, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require(access, caller, DELETE)
    with uow() as tx:
        store = ListStore(tx.session)
        found = store.get_segment(cmd.segment_id, for_update=True)
        visible(access, caller, found, "Segment", cmd.segment_id, "delete")
        if not store.delete_segment(cmd.segment_id):
            raise RecordNotFound("Segment", cmd.segment_id)


def preview_audience(
    cmd: PreviewAudience,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    recipients: Recipients,
    caller: Principal,
) -> AudiencePreview:
    """Every recipient is counted (the whole audience is paged through with the caller's
    token, as at send time), the first ``limit`` are shown with their skip reasons; a list
    or segment the caller may not see is a 404."""
    require(access, caller, READ)
    with uow() as tx:
        visible_audience(tx.session, access, caller, cmd.audience_id)
    for module in sorted(recipients.modules(cmd.audience_id)):
        require(access, caller, (module, "view"))
    first: list[Recipient] = []
    skipped: Counter[str] = Counter()
    total = 0
    for recipient in recipients.resolve(cmd.audience_id, token=cmd.token):
        total += 1
        if recipient.skip_reason:
            skipped[recipient.skip_reason] += 1
        if len(first) < cmd.limit:
            first.append(recipient)
    mailable = total - sum(skipped.values())
    return AudiencePreview(total=total, mailable=mailable, skipped=dict(skipped), first=first)
