"""Invoice use cases: create a draft, edit it, move it through the workflow."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from uuid import UUID

from crm_access import RecordAccess
from crm_billing.domain import invoices as inv
from crm_billing.domain.commands import ChangeInvoiceStatus, CreateInvoice, UpdateInvoice, given
from crm_billing.domain.invoices import Invoice, clean_invoice
from crm_billing.domain.numbers import check_in_sequence
from crm_billing.domain.ports import AccountDirectory
from crm_billing.service.access import INVOICES
from crm_billing.service.accounts import known_account
from crm_billing.service.clock import Clock
from crm_billing.service.records import resolve_owner, visible
from crm_billing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import AlreadyExists, FieldError
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def create_invoice(
    cmd: CreateInvoice,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
    directory: AccountDirectory,
) -> Invoice:
    """Create a draft invoice (numbered at once, gap-free); contacts must know the account."""
    access.require(caller, INVOICES, "create")
    access.check_writable(
        caller,
        INVOICES,
        given(cmd.fields, ("quote_id", cmd.quote_id), ("sales_order_id", cmd.sales_order_id)),
    )
    owner_id = resolve_owner(caller, cmd.fields.owner_id, access)
    today = clock.today()
    # Check before taking a number, so a refused invoice does not hold the series lock.
    clean_invoice(cmd.fields, today, quote_id=cmd.quote_id, sales_order_id=cmd.sales_order_id)
    account = known_account(directory, cmd.fields.account_id, cmd.token)
    with uow() as tx:
        _check_unique_source(tx, cmd.quote_id, cmd.sales_order_id)
        invoice = Invoice.create(
            id=uuid.uuid4(),
            number=tx.numbers.next(inv.PREFIX, today.year),
            owner_id=owner_id,
            now=clock.now(),
            today=today,
            fields=cmd.fields,
            quote_id=cmd.quote_id,
            sales_order_id=cmd.sales_order_id,
        )
        invoice.account_name = account.name if account else None
        keep_in_sequence(tx, invoice, today)
        tx.invoices.add(invoice)
    log.info("invoice.created", invoice_id=str(invoice.id), number=invoice.number)
    return invoice


def _check_unique_source(
    tx: UnitOfWork, quote_id: UUID | None, sales_order_id: UUID | None
) -> None:
    """One invoice per quote and per sales order (409 naming the field, not a database error)."""
    for name, value, find in (
        ("quote_id", quote_id, tx.invoices.by_quote),
        ("sales_order_id", sales_order_id, tx.invoices.by_sales_order),
    ):
        if value is not None and find(value) is not None:
            raise AlreadyExists(
                f"An invoice for this {name[:-3].replace('_', ' ')} exists.",
                errors=[FieldError(name, "already has an invoice")],
            )


def keep_in_sequence(tx: UnitOfWork, invoice: Invoice, today: date) -> None:
    """The invoice's date stays between its series neighbours' (422 on invoice_date)."""
    previous, following = tx.invoices.dates_around(invoice.number)
    check_in_sequence(invoice.invoice_date, previous=previous, following=following, today=today)


def update_invoice(
    cmd: UpdateInvoice,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
    directory: AccountDirectory,
) -> Invoice:
    """Edit a draft; a PATCH naming only ``status`` is a workflow transition."""
    access.require(caller, INVOICES, "edit")
    sent = cmd.sent | ({"status"} if cmd.status is not None else set())
    access.check_writable(caller, INVOICES, sent)
    fields = cmd.fields
    if "owner_id" in cmd.sent and fields.owner_id is not None:
        fields = dataclasses.replace(
            fields, owner_id=resolve_owner(caller, fields.owner_id, access)
        )
    expected = cmd.expected_version
    account = None
    if "account_id" in cmd.sent:
        account = known_account(directory, fields.account_id, cmd.token)
    name = _customer_to_keep(
        uow, directory, (access, caller), cmd.invoice_id, cmd.status, cmd.token
    )
    with uow() as tx:
        invoice = visible(
            access,
            caller,
            INVOICES,
            "Invoice",
            tx.invoices.get(cmd.invoice_id),
            cmd.invoice_id,
            "edit",
        )
        if cmd.sent:
            changed = invoice.update(fields, cmd.sent, now=clock.now(), expected_version=expected)
            if account is not None and "account_id" in changed:
                invoice.account_name = account.name
            if "invoice_date" in changed:
                keep_in_sequence(tx, invoice, clock.today())
            expected = None
        if cmd.status is not None:
            invoice.transition(cmd.status, now=clock.now(), expected_version=expected)
            invoice.account_name = invoice.account_name or name
        elif not cmd.sent:
            invoice.expect_version(expected)
        tx.invoices.save(invoice)
    return invoice


def _customer_to_keep(
    uow: UnitOfWorkFactory,
    directory: AccountDirectory,
    seen_by: tuple[RecordAccess, Principal],
    invoice_id: UUID,
    status: str | None,
    token: str | None,
) -> str | None:
    """The account's name for a draft about to be issued that has none (asked before the
    transaction, so no row lock is held across the network); 422 if the account is gone."""
    if status != inv.APPROVED:
        return None
    with uow() as tx:
        draft = tx.invoices.get(invoice_id)
        if draft is None or draft.account_name or draft.status != inv.CREATED:
            return None
        if not seen_by[0].can_see(seen_by[1], INVOICES, draft):
            return None  # the caller gets its 404 from the transition
        account_id = draft.account_id
    account = known_account(directory, account_id, token)
    return account.name if account else None


def change_invoice_status(
    cmd: ChangeInvoiceStatus,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
    directory: AccountDirectory,
) -> Invoice:
    """approve / send / cancel (409 when the workflow does not allow it).

    Approving an invoice that has no customer name yet (made from a quote) keeps the
    account's name from contacts, so the issued document names its customer for good.
    """
    access.require(caller, INVOICES, "edit")
    name = _customer_to_keep(
        uow, directory, (access, caller), cmd.invoice_id, cmd.status, cmd.token
    )
    with uow() as tx:
        invoice = visible(
            access,
            caller,
            INVOICES,
            "Invoice",
            tx.invoices.get(cmd.invoice_id),
            cmd.invoice_id,
            "edit",
        )
        invoice.transition(cmd.status, now=clock.now(), expected_version=cmd.expected_version)
        if name and invoice.account_name is None:
            invoice.account_name = name
        tx.invoices.save(invoice)
    log.info("invoice.transition", invoice_id=str(cmd.invoice_id), status=invoice.status)
    return invoice
