"""Quote use cases (flow 2): price lines from a price book, change, approve, revise.

Numbers come from a counter row incremented in the creating transaction (gap-free per
series and year: QUO-2026-000001, SO-2026-000001, ENQ-2026-000001).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_chassis.fields import Address
from crm_chassis.logging import get_logger
from crm_sales.domain.approval import ApprovalLimits
from crm_sales.domain.commands import ApproveQuote, CreateQuote, ReviseQuote, UpdateQuote
from crm_sales.domain.lines import Line, LineRequest, line_inputs, price_lines
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.quotes import Quote, QuoteFields, check_quote_fields
from crm_sales.service.access import QUOTES, caller_id
from crm_sales.service.approvals import approver, current_limits
from crm_sales.service.references import checked_account
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


@dataclass(frozen=True)
class Customer:
    """What a quote copies of its account: the name (for ``q=``) and the addresses."""

    name: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None


def create_quote(
    cmd: CreateQuote,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Quote:
    """Create a quote; its lines priced from the price book (or the products' prices)."""
    access.require(caller, QUOTES, "create")
    access.check_writable(caller, QUOTES, cmd.sent)
    if cmd.fields.owner_id is not None:
        access.check_owner(cmd.fields.owner_id)
    names = cmd.sent | {"currency"}
    fields = check_quote_fields(replace(cmd.fields, currency=cmd.fields.currency or "EUR"), names)
    contact_id = fields.contact_id if "contact_id" in cmd.sent else None
    customer = customer_of(directory, cmd.account_id, cmd.token, contact_id)
    with uow() as tx:
        quote = new_quote(
            tx,
            account_id=cmd.account_id,
            fields=fields,
            names=names,
            lines=cmd.lines,
            customer=customer,
            owner_id=cmd.fields.owner_id or caller_id(caller),
        )
    log.info("quote.created", quote_id=str(quote.id), number=quote.number)
    return quote


def customer_of(
    directory: AccountDirectory,
    account_id: UUID,
    token: str | None,
    contact_id: UUID | None = None,
) -> Customer:
    """The account (asked with the caller's token: one quotes only accounts one may see),
    checked where the quote is written: an unknown one is 422 naming ``account_id``, a
    contact of another account 422 naming ``contact_id``, contacts unreachable 503."""
    account = directory.get_account(account_id, token=token)
    if account is None:
        raise invalid("account_id", "is not an existing account")
    if contact_id is not None:
        checked_account(
            directory, account_id=account_id, contact_id=contact_id, token=token, ask_account=False
        )
    return Customer(account.name or None, account.billing_address, account.shipping_address)


def new_quote(
    tx: UnitOfWork,
    *,
    account_id: UUID,
    fields: QuoteFields,
    names: Collection[str],
    lines: Sequence[LineRequest],
    customer: Customer,
    owner_id: UUID | None,
    enquiry_id: UUID | None = None,
) -> Quote:
    """Price the lines, number the quote and add it, inside the caller's transaction."""
    currency = fields.currency or "EUR"
    priced = priced_lines(tx, lines, currency, fields.price_book_id)
    now = utcnow()
    quote = Quote(
        id=uuid.uuid4(),
        number=next_number(tx, "QUO"),
        account_id=account_id,
        currency=currency,
        created_at=now,
        updated_at=now,
        owner_id=owner_id,
        price_book_id=fields.price_book_id,
        enquiry_id=enquiry_id,
        account_name=customer.name,
        billing_address=customer.billing_address,
        shipping_address=customer.shipping_address,
        lines=priced,
    )
    quote.take(fields, set(names) - {"currency", "owner_id", "price_book_id"})
    quote.recompute()
    tx.quotes.add(quote)
    return quote


def priced_lines(
    tx: UnitOfWork, lines: Sequence[LineRequest], currency: str, price_book_id: UUID | None
) -> list[Line]:
    """Check the requested lines and price them; 422 naming every bad line field."""
    products = tx.products.many({line.product_id for line in lines})
    book_prices = None
    if price_book_id is not None:
        book = tx.price_books.get(price_book_id)
        if book is None:
            raise invalid("price_book_id", "is not an existing price book")
        if book.currency != currency:
            raise invalid("price_book_id", f"is in {book.currency}, but the quote is in {currency}")
        prices = tx.price_books.prices(price_book_id, set(products))
        book_prices = {product_id: Decimal(price) for product_id, price in prices.items()}
    return price_lines(line_inputs(lines, products, currency, book_prices), uuid.uuid4, currency)


def update_quote(
    cmd: UpdateQuote,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    directory: AccountDirectory,
    caller: Principal,
) -> Quote:
    """Change a draft quote's header and/or lines; 409 once approved or superseded."""
    access.require(caller, QUOTES, "edit")
    access.check_writable(caller, QUOTES, cmd.sent)
    names = set(cmd.sent) - {"lines"}
    if cmd.fields.currency is None:
        names.discard("currency")
    if cmd.fields.owner_id is None:
        names.discard("owner_id")
    else:
        access.check_owner(cmd.fields.owner_id)
    fields = check_quote_fields(cmd.fields, names)
    if "contact_id" in names and fields.contact_id is not None:
        with uow() as tx:
            account_id = load_quote(tx, access, caller, cmd.quote_id, "edit").account_id
        checked_account(
            directory,
            account_id=account_id,
            contact_id=fields.contact_id,
            token=cmd.token,
            ask_account=False,
        )
    with uow() as tx:
        quote = load_quote(tx, access, caller, cmd.quote_id, "edit")
        quote.ensure_editable()
        lines = None
        if cmd.lines is not None or {"currency", "price_book_id"} & names:
            if cmd.lines is None:
                raise invalid("lines", "send the lines again when changing currency or price book")
            currency = fields.currency if "currency" in names else quote.currency
            book = fields.price_book_id if "price_book_id" in names else quote.price_book_id
            lines = priced_lines(tx, cmd.lines, currency or quote.currency, book)
        quote.change(
            fields, names, lines, now=utcnow(), expected=cmd.expected_version, by=caller.subject
        )
        tx.quotes.save(quote)
    return quote


def approve_quote(
    cmd: ApproveQuote,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    approval: ApprovalLimits,
    caller: Principal,
) -> Quote:
    """Approve within the caller's limit (else Pending Approval for a higher role).

    An approval emits sales.quote.approved.v1 via the outbox, naming the earlier versions
    of the quote it supersedes.
    """
    access.require(caller, QUOTES, "edit")
    with uow() as tx:
        quote = load_quote(tx, access, caller, cmd.quote_id, "edit")
        quote.approve(
            approver=approver(access, caller),
            limits=current_limits(tx, approval),
            now=utcnow(),
            superseded_ids=tx.quotes.earlier_versions(quote.number, quote.quote_version),
        )
        tx.quotes.save(quote)
    log.info(
        "quote.approval",
        quote_id=str(quote.id),
        status=quote.approval_status,
        grand_total=str(quote.grand_total),
    )
    return quote


def revise_quote(
    cmd: ReviseQuote, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Quote:
    """A new draft version of the quote (same number); the old one is superseded."""
    access.require(caller, QUOTES, "edit")
    with uow() as tx:
        quote = load_quote(tx, access, caller, cmd.quote_id, "edit")
        revision = quote.revise(
            new_id=uuid.uuid4(), line_id=uuid.uuid4, now=utcnow(), by_owner=None
        )
        tx.quotes.save(quote)
        tx.quotes.add(revision)
    return revision


def next_number(tx: UnitOfWork, prefix: str) -> str:
    """The series' next number this year, e.g. QUO-2026-000001 (gap-free)."""
    year = utcnow().year
    return f"{prefix}-{year}-{tx.counters.next(f'{prefix}-{year}'):06d}"


def load_quote(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, quote_id: UUID, action: str
) -> Quote:
    """Invisible answers 404 (existence must not leak); visible but not ours to change, 403."""
    quote = tx.quotes.get(quote_id)
    if quote is None or not access.can_see(caller, QUOTES, quote):
        raise RecordNotFound("Quote", quote_id)
    access.require_on(caller, QUOTES, action, quote)
    return quote
