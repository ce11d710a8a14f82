"""References to contacts' accounts: re-pointed when contacts merges accounts; the customer
name quotes keep for search follows the account's renames."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_sales.adapters.repositories import load_lines
from crm_sales.adapters.tables import (
    enquiries,
    leads,
    opportunities,
    quote_lines,
    quotes,
    sales_orders,
)
from crm_sales.domain.quotes import quote_search_text

log = get_logger(__name__)
# Leads keep the account they converted into; the other records refer to their customer.
REFERRING = (opportunities, quotes, sales_orders, enquiries, leads)


def repoint_account(session: Session, merged: list[UUID], surviving: UUID) -> int:
    """Point every record of the merged accounts at the surviving one; return the count.

    An approved quote's lines and totals stay untouched: only its customer reference moves,
    since the old account no longer exists. ``updated_at`` moves so incremental syncs see it.
    """
    if not merged:
        return 0
    now, count = utcnow(), 0
    for table in REFERRING:
        values = {"account_id": surviving}
        if "updated_at" in table.c:
            values["updated_at"] = now
        result = session.execute(
            sa.update(table).where(table.c.account_id.in_(merged)).values(**values)
        )
        count += result.rowcount
    log.info(
        "accounts.repointed",
        merged=[str(m) for m in merged],
        surviving=str(surviving),
        records=count,
    )
    return count


def rename_account(session: Session, account_id: UUID, name: str) -> int:
    """Store the account's current name on its quotes (and in their search text).

    Only the search copy changes: no version or ``updated_at`` bump, since the quote itself
    (what ERP syncs and billing invoices) did not change. Quotes already carrying the name
    are skipped, so a redelivered or unrelated update writes nothing.
    """
    name = name.strip()
    if not name:
        return 0
    q = quotes.c
    found = session.execute(
        sa.select(q.id, q.number, q.subject).where(
            q.account_id == account_id, sa.or_(q.account_name.is_(None), q.account_name != name)
        )
    ).all()
    if not found:
        return 0
    lines = load_lines(session, quote_lines, [r.id for r in found])
    session.execute(
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
    log.info("quotes.account_renamed", account_id=str(account_id), quotes=len(found))
    return len(found)
