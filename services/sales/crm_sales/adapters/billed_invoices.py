"""What billing's events told sales about the invoices of its quotes and orders.

Fed by ``billing.invoice.issued.v1`` (which quote or order an invoice bills) and
``billing.payment.received.v1`` / ``billing.invoice.paid.v1`` (money on it), in whichever
order they arrive: each fact is an upsert keyed by the invoice.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_sales.adapters.tables import billed_invoices as b
from crm_sales.adapters.tables import sales_orders as o


class BilledInvoices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def note(
        self,
        invoice_id: UUID,
        *,
        quote_id: UUID | None = None,
        sales_order_id: UUID | None = None,
        money_received: bool = False,
        now: datetime,
    ) -> None:
        """Merge one fact into the invoice's row (never forgets a fact it had); an order
        whose invoice now has money on it is marked ``invoice_paid``."""
        row = self.session.execute(
            sa.select(b).where(b.c.invoice_id == invoice_id).with_for_update()
        ).first()
        if row is None:
            self.session.execute(
                sa.insert(b).values(
                    invoice_id=invoice_id,
                    quote_id=quote_id,
                    sales_order_id=sales_order_id,
                    money_received=money_received,
                )
            )
        else:
            quote_id = quote_id or row.quote_id
            sales_order_id = sales_order_id or row.sales_order_id
            money_received = money_received or row.money_received
            self.session.execute(
                sa.update(b)
                .where(b.c.invoice_id == invoice_id)
                .values(
                    quote_id=quote_id,
                    sales_order_id=sales_order_id,
                    money_received=money_received,
                )
            )
        if money_received and (quote_id or sales_order_id):
            self._mark_paid(quote_id, sales_order_id, now)

    def _mark_paid(self, quote_id: UUID | None, order_id: UUID | None, now: datetime) -> None:
        self.session.execute(
            sa.update(o)
            .where(
                o.c.invoice_paid.is_(False),
                sa.or_(o.c.quote_id == quote_id, o.c.id == order_id),
            )
            .values(invoice_paid=True, updated_at=now, version=o.c.version + 1)
        )

    def money_received(self, *, quote_id: UUID, sales_order_id: UUID) -> bool:
        """True when an invoice of the order (or of its quote) has money on it."""
        found = self.session.execute(
            sa.select(b.c.invoice_id).where(
                b.c.money_received.is_(True),
                sa.or_(b.c.quote_id == quote_id, b.c.sales_order_id == sales_order_id),
            )
        ).first()
        return found is not None
