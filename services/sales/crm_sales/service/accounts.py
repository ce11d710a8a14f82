"""References to contacts' accounts: re-pointed when contacts merges accounts."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_sales.adapters.tables import enquiries, leads, opportunities, quotes, sales_orders

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
