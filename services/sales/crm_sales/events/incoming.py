"""Handlers of other services' events: typed tolerant payloads, use cases in the consumer's
transaction (each handler's inbox row makes it run once per event).

- marketing.lead.captured.v1: an online lead form was submitted -> a lead (once per
  submission id, even if the inbox is bypassed by a replay from another queue);
- contacts.account.merged.v1: records of the merged accounts now refer to the survivor
  (and its quotes carry the survivor's name);
- contacts.account.updated.v1: a renamed account's quotes carry the new name (``q=``);
- contacts.contact.merged.v1: records naming the merged contacts name the survivor;
- contacts.account.deleted.v1: the account's deals still open are closed lost ("Account
  deleted"), so none stays in the pipeline;
- identity.policy.changed.v1: a newer access policy replaces our copy;
- marketing.recipient.unsubscribed.v1: the lead the mail went to is opted out of e-mail;
- billing.invoice.issued.v1, billing.payment.received.v1, billing.invoice.paid.v1: which
  quote or order an invoice bills and whether money is on it (a sales order whose invoice
  is paid or partly paid cannot be cancelled).
"""

from __future__ import annotations

from uuid import UUID

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_chassis.events.dispatch import Handler
from crm_chassis.events.handlers import Delivery, Payload, on
from crm_chassis.fields import Address
from crm_chassis.usecases import UseCases
from crm_sales.bootstrap import Sales
from crm_sales.domain.commands import (
    CaptureWebLead,
    FollowAccountDeletion,
    NoteInvoiceFacts,
    OptOutOfEmail,
    RenameAccount,
    RepointAccounts,
    RepointContacts,
)
from crm_sales.domain.lead_fields import LeadFields

LEAD_CAPTURED = "marketing.lead.captured.v1"
UNSUBSCRIBED = "marketing.recipient.unsubscribed.v1"
ACCOUNT_MERGED = "contacts.account.merged.v1"
ACCOUNT_UPDATED = "contacts.account.updated.v1"
INVOICE_ISSUED = "billing.invoice.issued.v1"
INVOICE_PAID = "billing.invoice.paid.v1"
PAYMENT_RECEIVED = "billing.payment.received.v1"
ACCOUNT_DELETED = "contacts.account.deleted.v1"
CONTACT_MERGED = "contacts.contact.merged.v1"
WEB_SITE = "Web Site"


class CapturedAddress(Payload):
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


class LeadCaptured(Payload):
    """What sales reads of marketing's LeadCaptured."""

    submission_id: str = ""
    campaign_id: str = ""
    owner_id: str = ""
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    website: str = ""
    industry: str = ""
    description: str = ""
    lead_source: str = ""
    address: CapturedAddress | None = None
    tags: tuple[str, ...] = ()

    def to_fields(self) -> LeadFields:
        """The lead a form makes: a web-site lead, named at least by its company."""
        return LeadFields(
            salutation=self.salutation or None,
            first_name=self.first_name or None,
            last_name=self.last_name or self.company or "(web form)",
            company=self.company or None,
            title=self.title or None,
            email=self.email or None,
            phone=self.phone or None,
            mobile=self.mobile or None,
            website=self.website or None,
            industry=self.industry or None,
            description=self.description or None,
            lead_source=self.lead_source or WEB_SITE,
            address=Address.of(self.address.model_dump()) if self.address else None,
            campaign_id=_uuid(self.campaign_id),
            tags=self.tags,
        )


class AccountRef(Payload):
    id: str = ""
    name: str = ""


class AccountMerged(Payload):
    surviving_account: AccountRef = AccountRef()
    merged_account_ids: tuple[str, ...] = ()


class ContactRef(Payload):
    id: str = ""


class ContactMerged(Payload):
    surviving_contact: ContactRef = ContactRef()
    merged_contact_ids: tuple[str, ...] = ()


class AccountDeleted(Payload):
    account_id: str = ""


class AccountUpdated(Payload):
    account: AccountRef = AccountRef()
    changed_fields: tuple[str, ...] = ()


class InvoiceIssued(Payload):
    invoice_id: str = ""
    quote_id: str = ""
    sales_order_id: str = ""


class InvoicePaid(Payload):
    invoice_id: str = ""


class Allocation(Payload):
    invoice_id: str = ""
    amount: str = ""


class PaymentReceived(Payload):
    allocations: tuple[Allocation, ...] = ()


def handlers(app: Sales) -> dict[str, list[Handler]]:
    """The worker's subscriptions (the migrate step declares their queue bindings)."""
    return {
        POLICY_CHANGED: [policy_changed_handler(app.access.store.table)],
        LEAD_CAPTURED: [on(capture_lead, app=app)],
        ACCOUNT_MERGED: [on(follow_merge, app=app)],
        ACCOUNT_UPDATED: [on(follow_rename, app=app)],
        INVOICE_ISSUED: [on(note_issued, app=app)],
        INVOICE_PAID: [on(note_paid, app=app)],
        PAYMENT_RECEIVED: [on(note_payment, app=app)],
        ACCOUNT_DELETED: [on(follow_deletion, app=app)],
        CONTACT_MERGED: [on(follow_contact_merge, app=app)],
        UNSUBSCRIBED: [on(apply_unsubscribe, app=app)],
    }


class RecipientUnsubscribed(Payload):
    """marketing.recipient.unsubscribed.v1: the lead (if the mail went to one)."""

    lead_id: str = ""


def apply_unsubscribe(event: RecipientUnsubscribed, delivery: Delivery, *, app: Sales) -> None:
    """marketing.recipient.unsubscribed.v1: the lead's e-mail opt-out is set (a mail to a
    contact names no lead: contacts applies that one)."""
    lead_id = _uuid(event.lead_id)
    if lead_id is not None:
        _in_transaction(app, delivery)(OptOutOfEmail(lead_id))


def capture_lead(event: LeadCaptured, delivery: Delivery, *, app: Sales) -> None:
    """marketing.lead.captured.v1: a lead, once per form submission."""
    submission = event.submission_id or delivery.subject
    command = CaptureWebLead(submission, event.to_fields(), _uuid(event.owner_id))
    _in_transaction(app, delivery)(command)


def follow_merge(event: AccountMerged, delivery: Delivery, *, app: Sales) -> None:
    """contacts.account.merged.v1: references follow to the surviving account and its name."""
    surviving = _uuid(event.surviving_account.id)
    if surviving is None:
        return
    merged = tuple(m for m in map(_uuid, event.merged_account_ids) if m is not None)
    run = _in_transaction(app, delivery)
    run(RepointAccounts(merged, surviving))
    run(RenameAccount(surviving, event.surviving_account.name))


def follow_rename(event: AccountUpdated, delivery: Delivery, *, app: Sales) -> None:
    """contacts.account.updated.v1: keep the account's name on its quotes current."""
    account_id = _uuid(event.account.id)
    changed = set(event.changed_fields)
    if account_id is not None and (not changed or "name" in changed):
        _in_transaction(app, delivery)(RenameAccount(account_id, event.account.name))


def note_issued(event: InvoiceIssued, delivery: Delivery, *, app: Sales) -> None:
    """billing.invoice.issued.v1: which quote or order the invoice bills."""
    invoice_id = _uuid(event.invoice_id) or _uuid(delivery.subject)
    quote_id, order_id = _uuid(event.quote_id), _uuid(event.sales_order_id)
    if invoice_id is not None and (quote_id or order_id):
        _in_transaction(app, delivery)(NoteInvoiceFacts(invoice_id, quote_id, order_id))


def note_paid(event: InvoicePaid, delivery: Delivery, *, app: Sales) -> None:
    """billing.invoice.paid.v1: the invoice is settled."""
    invoice_id = _uuid(event.invoice_id) or _uuid(delivery.subject)
    if invoice_id is not None:
        _in_transaction(app, delivery)(NoteInvoiceFacts(invoice_id, money_received=True))


def note_payment(event: PaymentReceived, delivery: Delivery, *, app: Sales) -> None:
    """billing.payment.received.v1: each invoice a payment went to has money on it."""
    run = _in_transaction(app, delivery)
    for allocation in event.allocations:
        invoice_id = _uuid(allocation.invoice_id)
        if invoice_id is not None:
            run(NoteInvoiceFacts(invoice_id, money_received=True))


def follow_contact_merge(event: ContactMerged, delivery: Delivery, *, app: Sales) -> None:
    """contacts.contact.merged.v1: records naming a merged contact name the survivor."""
    surviving = _uuid(event.surviving_contact.id or delivery.subject)
    merged = tuple(m for m in map(_uuid, event.merged_contact_ids) if m is not None)
    if surviving is not None and merged:
        _in_transaction(app, delivery)(RepointContacts(merged, surviving))


def follow_deletion(event: AccountDeleted, delivery: Delivery, *, app: Sales) -> None:
    """contacts.account.deleted.v1: no deal of a deleted account stays in the pipeline."""
    account_id = _uuid(event.account_id or delivery.subject)
    if account_id is not None:
        _in_transaction(app, delivery)(FollowAccountDeletion(account_id))


def _in_transaction(app: Sales, delivery: Delivery) -> UseCases:
    """The use cases, run inside the consumer's transaction (the inbox row commits with them)."""
    return app.run.with_dependencies(uow=app.uow.joining(delivery.session))


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None
