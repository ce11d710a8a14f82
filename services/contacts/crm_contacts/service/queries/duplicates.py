"""Finding likely duplicates: records sharing a normalised name, e-mail, phone or web domain.

Every key is an indexed column, so both questions stay lookups: "who looks like this
record" (an index probe per key) and "which groups exist" (a GROUP BY over one index per
key). Only records the caller may see take part: the record scope is part of the query;
and only keys made of fields the caller sees (issue 12 case 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access.field_queries import hidden_in
from crm_chassis.auth.principal import Principal
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import accounts, contacts
from crm_contacts.service.access import ACCOUNTS, CONTACTS
from crm_contacts.service.queries.records import Queries

KEYS = {
    ACCOUNTS: (
        ("name", "dedupe_name"),
        ("email", "email_lc"),
        ("phone", "phone_key"),
        ("web_domain", "web_domain"),
    ),
    CONTACTS: (("name", "dedupe_name"), ("email", "email_lc"), ("phone", "phone_key")),
}
# The record fields each key is made from: a key reading a field hidden from the caller is
# not matched on at all (a shared hidden phone would otherwise reveal it).
READS = {
    ACCOUNTS: {
        "name": ("name",),
        "email": ("email",),
        "phone": ("phone",),
        "web_domain": ("website", "email"),
    },
    CONTACTS: {
        "name": ("first_name", "last_name"),
        "email": ("email",),
        "phone": ("phone", "mobile", "other_phone"),
    },
}


@dataclass(frozen=True)
class DuplicateGroup:
    entity: str
    matched_on: str
    key: str
    records: list[Any]


def find_duplicates(
    queries: Queries,
    principal: Principal,
    entity: str,
    *,
    record_id: UUID | None = None,
    limit: int = 50,
) -> list[DuplicateGroup]:
    """Groups of likely duplicates, or (with ``record_id``) the twins of one record."""
    module = ACCOUNTS if entity == "accounts" else CONTACTS
    table = accounts if module == ACCOUNTS else contacts
    from_row = rows.account_from_row if module == ACCOUNTS else rows.contact_from_row
    queries.access.require(principal, module, "view")
    fields = queries.access.fields(principal, module)
    usable = [k for k in KEYS[module] if not hidden_in(fields, READS[module][k[0]])]
    visible = queries.access.visible_filter(principal, module, table)
    live = [table.c.deleted_at.is_(None), table.c.merged_into_id.is_(None)]
    if visible is not None:
        live.append(visible)
    groups: list[DuplicateGroup] = []
    with queries.db.reading() as session:
        if record_id is not None:
            # Raises 404 when the caller may not see it (or it does not exist).
            getter = queries.get_account if module == ACCOUNTS else queries.get_contact
            record = getter(principal, record_id)
            anchor = session.execute(sa.select(table).where(table.c.id == record.id)).one()
            for label, column in usable:
                value = getattr(anchor, column)
                if not value:
                    continue
                stmt = (
                    sa.select(table)
                    .where(table.c[column] == value, table.c.id != anchor.id, *live)
                    .limit(limit)
                )
                twins = [from_row(r) for r in session.execute(stmt)]
                if twins:
                    groups.append(DuplicateGroup(entity, label, value, [record, *twins]))
            return groups
        for label, column in usable:
            col = table.c[column]
            keys = (
                session.execute(
                    sa.select(col)
                    .where(col.is_not(None), *live)
                    .group_by(col)
                    .having(sa.func.count() > 1)
                    .order_by(col)
                    .limit(limit)
                )
                .scalars()
                .all()
            )
            for key in keys:
                stmt = sa.select(table).where(col == key, *live).order_by(table.c.created_at)
                members = [from_row(r) for r in session.execute(stmt.limit(MAX_GROUP))]
                groups.append(DuplicateGroup(entity, label, key, members))
            if len(groups) >= limit:
                break
    return groups[:limit]


MAX_GROUP = 20
