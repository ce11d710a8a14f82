"""Mail-merge templates: create, change, delete, preview for one record.

Each template has an owner (the caller unless named): record-level access as for campaigns
(``service/audience_access.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import FieldError, RecordNotFound, ValidationFailed, VersionMismatch
from crm_marketing.adapters.template_store import TemplateStore
from crm_marketing.domain.audience_commands import (
    ChangeTemplate,
    CreateTemplate,
    DeleteTemplate,
    PreviewTemplate,
)
from crm_marketing.domain.ports import People, RenderedMail
from crm_marketing.domain.templates import MailTemplate
from crm_marketing.service.audience_access import (
    CREATE,
    DELETE,
    EDIT,
    READ,
    RECORD_MODULES,
    check_new_owner,
    owner_for,
    require,
    visible,
)
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

#: A preview shows where the recipient's own signed link will be (the mailing makes it).
PREVIEW_UNSUBSCRIBE_URL = "https://unsubscribe.example/preview"


def create_template(
    cmd: CreateTemplate, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> MailTemplate:
    require(access, caller, CREATE)
    fields = replace(cmd.fields, owner_id=owner_for(access, caller, cmd.fields.owner_id))
    template = MailTemplate.create(id=uuid.uuid4(), fields=fields, by=caller.subject, now=utcnow())
    with uow() as tx:
        TemplateStore(tx.session).add(template)
    return template


def change_template(
    cmd: ChangeTemplate, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> MailTemplate:
    require(access, caller, EDIT)
    check_new_owner(access, cmd.sent, cmd.fields.owner_id)
    with uow() as tx:
        store = TemplateStore(tx.session)
        template = store.get(cmd.template_id, for_update=True)
        visible(access, caller, template, "Template", cmd.template_id, "edit")
        assert template is not None
        if cmd.expected_version is not None and cmd.expected_version != template.version:
            raise VersionMismatch(cmd.expected_version, template.version)
        template.change(cmd.fields, cmd.sent, utcnow())
        store.save(template)
    return template


def delete_template(
    cmd: DeleteTemplate, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require(access, caller, DELETE)
    with uow() as tx:
        store = TemplateStore(tx.session)
        found = store.get(cmd.template_id, for_update=True)
        visible(access, caller, found, "Template", cmd.template_id, "delete")
        if not store.delete(cmd.template_id):
            raise RecordNotFound("Template", cmd.template_id)


def preview_template(
    cmd: PreviewTemplate,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    people: People,
    caller: Principal,
) -> RenderedMail:
    """Render for one contact or lead as the caller sees it: fields the caller's profile
    hides are not sent by contacts or sales, so they render empty (never refused: a
    preview shows what this caller may see; the send job reads with its own scope)."""
    require(access, caller, READ)
    if (cmd.contact_id is None) == (cmd.lead_id is None):
        raise ValidationFailed(
            "Name one record to preview for.",
            errors=[FieldError("contact_id", "give exactly one of contact_id and lead_id")],
        )
    kind = "contact" if cmd.contact_id else "lead"
    record_id = cmd.contact_id or cmd.lead_id
    assert record_id is not None
    require(access, caller, (RECORD_MODULES[kind], "view"))
    with uow() as tx:
        template = TemplateStore(tx.session).get(cmd.template_id)
    template = visible(access, caller, template, "Template", cmd.template_id, "view")
    found = people.get_many(kind, [record_id], token=cmd.token)
    if not found:
        raise RecordNotFound(kind.capitalize(), record_id)
    groups = {**found[0].merge_fields, "sender": sender_fields(caller)}
    return template.render(groups, unsubscribe_url=PREVIEW_UNSUBSCRIBE_URL)


def sender_fields(caller: Principal) -> dict[str, str]:
    """``sender.*`` from the verified caller (its token carries name and e-mail)."""
    name = caller.name or ""
    first, _, last = name.partition(" ")
    return {"name": name, "first_name": first, "last_name": last, "email": caller.email or ""}
