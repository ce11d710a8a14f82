"""Handlers of other services' events (tolerant readers; the inbox makes them idempotent).

- marketing.lead.captured.v1: an online lead form was submitted -> a lead (once per
  submission id, even if the inbox is bypassed by a replay from another queue);
- contacts.account.merged.v1: records of the merged accounts now refer to the survivor
  (and its quotes carry the survivor's name);
- contacts.account.updated.v1: a renamed account's quotes carry the new name (``q=``);
- identity.policy.changed.v1: a newer access policy replaces our copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from crm.contacts.v1 import events_pb2 as contacts
from crm.marketing.v1 import events_pb2 as marketing
from crm_chassis.access import POLICY_CHANGED, PolicyStore, policy_changed_handler
from crm_chassis.errors import InvalidFields
from crm_chassis.events.envelope import Envelope
from crm_chassis.logging import get_logger
from crm_sales.adapters.tables import access_policy
from crm_sales.service.access import Access
from crm_sales.service.accounts import rename_account, repoint_account
from crm_sales.service.leads import capture_from_form
from crm_sales.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
LEAD_CAPTURED = "marketing.lead.captured.v1"
ACCOUNT_MERGED = "contacts.account.merged.v1"
ACCOUNT_UPDATED = "contacts.account.updated.v1"
TEXT = (
    "salutation",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "phone",
    "mobile",
    "website",
    "industry",
    "description",
    "lead_source",
)


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def lead_captured_handler(
    access: Access, record: Callable[[Session, Any], None]
) -> Callable[[Session, Envelope], None]:
    def handle(session: Session, envelope: Envelope) -> None:
        msg = envelope.parse(marketing.LeadCaptured)
        fields: dict[str, Any] = {k: getattr(msg, k) or None for k in TEXT}
        fields["lead_source"] = fields["lead_source"] or "Web Site"
        fields["last_name"] = fields["last_name"] or fields["company"] or "(web form)"
        if msg.HasField("address"):
            fields["address"] = {
                k: getattr(msg.address, k)
                for k in ("street", "city", "state", "postal_code", "country")
            }
        fields["campaign_id"] = _uuid(msg.campaign_id)
        fields["tags"] = list(msg.tags)
        uow = UnitOfWork(session, record)
        try:
            lead = capture_from_form(
                uow, access, msg.submission_id or envelope.subject, fields, _uuid(msg.owner_id)
            )
        except InvalidFields as exc:
            # A form the visitor filled badly will never become valid: drop the bad pick-list
            # values and keep the lead rather than parking it.
            for error in exc.errors:
                fields.pop(error.field, None)
            fields.setdefault("last_name", "(web form)")
            lead = capture_from_form(
                uow, access, msg.submission_id or envelope.subject, fields, _uuid(msg.owner_id)
            )
        uow.flush_events()
        if lead is not None:
            log.info("lead.captured", lead_id=str(lead.id), submission=msg.submission_id)

    return handle


def account_merged(session: Session, envelope: Envelope) -> None:
    """contacts.account.merged.v1: re-point references to the surviving account."""
    msg = envelope.parse(contacts.AccountMerged)
    surviving = _uuid(msg.surviving_account.id)
    merged = [m for m in (_uuid(x) for x in msg.merged_account_ids) if m is not None]
    if surviving is not None:
        repoint_account(session, merged, surviving)
        rename_account(session, surviving, msg.surviving_account.name)


def account_updated(session: Session, envelope: Envelope) -> None:
    """contacts.account.updated.v1: keep the account's name on its quotes current."""
    msg = envelope.parse(contacts.AccountUpdated)
    changed = set(msg.changed_fields)
    account_id = _uuid(msg.account.id)
    if account_id is not None and (not changed or "name" in changed):
        rename_account(session, account_id, msg.account.name)


def handlers(
    store: PolicyStore | None = None, record: Any = None
) -> dict[str, Callable[[Session, Envelope], None]]:
    """The worker's subscriptions (the migrate step declares their queue bindings)."""
    out: dict[str, Callable[[Session, Envelope], None]] = {
        POLICY_CHANGED: policy_changed_handler(access_policy),
        ACCOUNT_MERGED: account_merged,
        ACCOUNT_UPDATED: account_updated,
    }
    if store is not None and record is not None:
        out[LEAD_CAPTURED] = lead_captured_handler(Access(store), record)
    else:
        out[LEAD_CAPTURED] = _unbound
    return out


def _unbound(session: Session, envelope: Envelope) -> None:  # pragma: no cover
    raise RuntimeError("handlers() needs the policy store and event recorder to consume")
