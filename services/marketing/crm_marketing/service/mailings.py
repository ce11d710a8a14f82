"""Use cases of mailings (h/mailings): create and edit drafts, send (schedule or resume),
pause, cancel; and the public link actions: one-click unsubscribe, open and click tracking.

Mailings belong to the campaigns module (vtiger's mass mail serves campaigns): its
create/edit/view actions govern them and each mailing has an owner. Its template and its
list or segment must be ones the caller may see (422 naming the field otherwise, as for its
campaign). Scheduling also needs view on every module the audience reads (contacts,
leads): a marketer cannot mail people they may not see.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, Forbidden, InvalidFields, NotFound, RecordNotFound
from crm_chassis.logging import get_logger
from crm_marketing.adapters.mailing_links import MailingLinks
from crm_marketing.adapters.mailing_store import MailingStore
from crm_marketing.domain.mailing_commands import (
    CancelMailing,
    CreateMailing,
    EditMailing,
    PauseMailing,
    SendMailing,
    TrackClick,
    TrackOpen,
    UnsubscribeByLink,
)
from crm_marketing.domain.mailing_ports import Unsubscriber
from crm_marketing.domain.mailings import Mailing
from crm_marketing.domain.ports import Recipients
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.audience_refs import check_mailing_references
from crm_marketing.service.mass_mail import skip_unsent
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

log = get_logger("crm_marketing.mailings")

MAILINGS = CAMPAIGNS


def _now() -> datetime:
    return datetime.now(UTC)


def _load(
    store: MailingStore, access: RecordAccess, caller: Principal, mailing_id: uuid.UUID, action: str
) -> Mailing:
    """The mailing (404 when the caller may not see it, 403 when not ``action`` it)."""
    mailing = store.get(mailing_id, lock=True)
    if not access.can_see(caller, MAILINGS, mailing):
        raise RecordNotFound("Mailing", mailing_id)
    access.require_on(caller, MAILINGS, action, mailing)
    return mailing


def _check_campaign(tx: Any, access: RecordAccess, caller: Principal, campaign_id: Any) -> None:
    """A mailing credits only a campaign that exists and the caller may see (422)."""
    if campaign_id is None:
        return
    campaign = tx.campaigns.get(campaign_id)
    if campaign is None or not access.can_see(caller, MAILINGS, campaign):
        raise InvalidFields([FieldError("campaign_id", "is not a campaign you can see")])


def _check_changed_references(
    tx: Any, access: RecordAccess, caller: Principal, mailing: Mailing, changed: Any
) -> None:
    """An edit that names another template or audience names ones the caller may see."""
    f = mailing.fields
    audience = {"audience_id", "audience_kind"} & set(changed)
    check_mailing_references(
        tx.session,
        access,
        caller,
        template_id=f.template_id if "template_id" in changed else None,
        audience_kind=f.audience_kind,
        audience_id=f.audience_id if audience else None,
    )


def create_mailing(
    cmd: CreateMailing, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Mailing:
    access.require(caller, MAILINGS, "create")
    mailing = Mailing.draft(
        id=uuid.uuid4(), fields=cmd.fields, by=caller.subject, owner_id=cmd.owner_id, now=_now()
    )
    if cmd.owner_id and cmd.owner_id != caller.subject:
        access.check_owner(cmd.owner_id)
    with uow() as tx:
        _check_campaign(tx, access, caller, mailing.fields.campaign_id)
        check_mailing_references(
            tx.session,
            access,
            caller,
            template_id=mailing.fields.template_id,
            audience_kind=mailing.fields.audience_kind,
            audience_id=mailing.fields.audience_id,
        )
        MailingStore(tx.session).add(mailing)
    return mailing


def edit_mailing(
    cmd: EditMailing, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Mailing:
    access.require(caller, MAILINGS, "edit")
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = _load(store, access, caller, cmd.mailing_id, "edit")
        mailing.edit(cmd.values, _now())
        if "campaign_id" in cmd.values:
            _check_campaign(tx, access, caller, mailing.fields.campaign_id)
        _check_changed_references(tx, access, caller, mailing, cmd.values)
        store.save(mailing)
    return mailing


def send_mailing(
    cmd: SendMailing,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    recipients: Recipients,
    caller: Principal,
) -> Mailing:
    """Draft or Paused -> Scheduled; the worker's send job starts it once due."""
    access.require(caller, MAILINGS, "edit")
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = _load(store, access, caller, cmd.mailing_id, "edit")
        for module in sorted(recipients.modules(mailing.fields.audience_id)):
            if not access.allows(caller, module, "view"):
                raise Forbidden(
                    f"You may not view {module}, which this mailing's audience reads.",
                    extra={"module": module},
                )
        mailing.schedule(_now())
        store.save(mailing)
    log.info("mailing.scheduled", mailing_id=str(mailing.id), by=caller.subject)
    return mailing


def pause_mailing(
    cmd: PauseMailing, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Mailing:
    access.require(caller, MAILINGS, "edit")
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = _load(store, access, caller, cmd.mailing_id, "edit")
        mailing.pause(_now())
        store.save(mailing)
    return mailing


def cancel_mailing(
    cmd: CancelMailing, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Mailing:
    access.require(caller, MAILINGS, "edit")
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = _load(store, access, caller, cmd.mailing_id, "edit")
        mailing.cancel(_now())
        store.save(mailing)
        skip_unsent(store, mailing)
    return mailing


def unsubscribe_by_link(
    cmd: UnsubscribeByLink,
    *,
    uow: UnitOfWorkFactory,
    mail_links: MailingLinks,
    unsubscriber: Unsubscriber,
) -> bool:
    """Record the unsubscribe once: on the send-list row, and in consent for the record."""
    claim = mail_links.unsubscribe_claim(cmd.token)
    with uow() as tx:
        row = MailingStore(tx.session).recipient(claim.recipient_id)
        if row is None or row.mailing_id != claim.mailing_id or row.address != claim.address:
            raise NotFound("This link is not valid.")
    # Consent first, in its own transaction (recorded once however often it runs), then the
    # row's mark: a failure between the two leaves the mark unset, so a retry does both.
    if row.unsubscribed_at is None:
        unsubscriber.unsubscribe(
            row.address, contact_id=row.contact_id, lead_id=row.lead_id, mailing_id=row.mailing_id
        )
    with uow() as tx:
        first = MailingStore(tx.session).mark_once(row.id, "unsubscribed_at", _now())
    if first:
        log.info("mailing.unsubscribed", mailing_id=str(claim.mailing_id), row=str(row.id))
    return first


def track_open(cmd: TrackOpen, *, uow: UnitOfWorkFactory, mail_links: MailingLinks) -> bool:
    """Count an open once per recipient (nothing when the mailing does not track opens)."""
    claim = mail_links.open_claim(cmd.token)
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = store.row(claim.mailing_id)
        row = store.recipient(claim.recipient_id)
        if mailing is None or row is None or row.mailing_id != mailing.id:
            raise NotFound("This link is not valid.")
        return bool(mailing.track_opens) and store.mark_once(row.id, "opened_at", _now())


def track_click(cmd: TrackClick, *, uow: UnitOfWorkFactory, mail_links: MailingLinks) -> str:
    """The target of a tracked link, the click counted once per recipient; a target that is
    not one of the mailing's own links is refused (404: no open redirect)."""
    claim = mail_links.click_claim(cmd.token)
    with uow() as tx:
        store = MailingStore(tx.session)
        mailing = store.row(claim.mailing_id)
        row = store.recipient(claim.recipient_id)
        if mailing is None or row is None or row.mailing_id != mailing.id:
            raise NotFound("This link is not valid.")
        if not store.links_to(mailing.id, claim.url):
            raise NotFound("This link does not lead anywhere this mailing links to.")
        if mailing.track_clicks:
            store.mark_once(row.id, "clicked_at", _now())
            # A click proves the message was opened, even with images blocked.
            if mailing.track_opens:
                store.mark_once(row.id, "opened_at", _now())
    return claim.url
