"""Sales' references to contacts' accounts: re-pointed when contacts merges accounts; the
customer name quotes keep for search follows the account's renames."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_sales.adapters.document_repositories import load_lines
from crm_sales.adapters.tables import (
    enquiries,
    leads,
    opportunities,
    quote_lines,
    quotes,
    sales_orders,
)
from crm_sales.domain.quotes import quote_search_text

# Leads keep the account they converted into; the other records refer to their customer.
REFERRING = (opportunities, quotes, sales_orders, enquiries, leads)


class AccountReferences:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_opportunity_ids(self, account_id: UUID) -> list[UUID]:
        o = opportunities.c
        stmt = sa.select(o.id).where(
            o.account_id == account_id, o.sales_stage.notin_(("Closed Won", "Closed Lost"))
        )
        return list(self.session.execute(stmt.order_by(o.id)).scalars())

    def open_business(self, account_id: UUID) -> dict[str, int]:
        """How many of the account's records are still open, by kind (every record: counts
        only). Open: deals not closed; quotes not approved (drafts, or waiting for approval)
        and not superseded, accepted or rejected;
        orders not delivered or cancelled; enquiries not quoted."""
        o, q, so, e = opportunities.c, quotes.c, sales_orders.c, enquiries.c
        conditions = {
            "open_opportunities": (
                o.account_id == account_id,
                o.sales_stage.notin_(("Closed Won", "Closed Lost")),
            ),
            "open_quotes": (
                q.account_id == account_id,
                q.approval_status != "Approved",  # a draft, or one waiting for approval
                q.superseded.is_(False),
                q.stage.notin_(("Accepted", "Rejected")),
            ),
            "open_sales_orders": (
                so.account_id == account_id,
                so.status.in_(("Created", "Approved")),
            ),
            "open_enquiries": (e.account_id == account_id, e.status == "Open"),
        }
        return {
            name: int(self.session.execute(sa.select(sa.func.count()).where(*where)).scalar_one())
            for name, where in conditions.items()
        }

    def repoint(self, merged: Sequence[UUID], surviving: UUID, *, now: datetime) -> int:
        """Point every record of the merged accounts at the surviving one; return the count.

        An approved quote's lines and totals stay untouched: only its customer reference
        moves, since the old account no longer exists. ``updated_at`` moves so incremental
        syncs see it.
        """
        count = 0
        for table in REFERRING:
            values: dict[str, object] = {"account_id": surviving}
            if "updated_at" in table.c:
                values["updated_at"] = now
            result = self.session.execute(
                sa.update(table).where(table.c.account_id.in_(list(merged))).values(**values)
            )
            count += result.rowcount
        return count

    def repoint_contacts(self, merged: Sequence[UUID], surviving: UUID, *, now: datetime) -> int:
        """Point every record naming one of the merged contacts at the surviving one."""
        count = 0
        for table in REFERRING:
            values: dict[str, object] = {"contact_id": surviving}
            if "updated_at" in table.c:
                values["updated_at"] = now
            result = self.session.execute(
                sa.update(table).where(table.c.contact_id.in_(list(merged))).values(**values)
            )
            count += result.rowcount
        return count

    def rename_on_quotes(self, account_id: UUID, name: str) -> int:
        """Store the account's current name on its quotes (and in their search text).

        Only the search copy changes: no version or ``updated_at`` bump, since the quote
        itself (what ERP syncs and billing invoices) did not change. Quotes already carrying
        the name are skipped, so a redelivered or unrelated update writes nothing.
        """
        q = quotes.c
        found = self.session.execute(
            sa.select(q.id, q.number, q.subject).where(
                q.account_id == account_id,
                sa.or_(q.account_name.is_(None), q.account_name != name),
            )
        ).all()
        if not found:
            return 0
        lines = load_lines(self.session, quote_lines, [r.id for r in found])
        self.session.execute(
            sa.update(quotes).where(q.id == sa.bindparam("qid")),
            [
                {
                    "qid": r.id,
                    "account_name": name,
                    "search_text": quote_search_text(r.number, r.subject, name, lines[r.id]),
                }
                for r in found
            ],
        )
        return len(found)
