"""Reads of mailings (h/mailings): one mailing, the list (keyset pages, the caller's record
scope in SQL), its send list and its statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import NotFound, RecordNotFound
from crm_chassis.pagination import decode_cursor, keyset, page
from crm_marketing.adapters.mailing_links import MailingLinks
from crm_marketing.adapters.mailing_store import MailingStore
from crm_marketing.adapters.mailing_tables import mailing_recipients, mailings
from crm_marketing.service.mailings import MAILINGS


def rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass
class MailingQueries:
    db: Database
    access: RecordAccess
    mail_links: MailingLinks

    def unsubscribe_view(self, token: str) -> dict[str, Any]:
        """What a public unsubscribe link names (404 for a bad token or a row gone)."""
        claim = self.mail_links.unsubscribe_claim(token)
        with self.db.reading() as session:
            store = MailingStore(session)
            row = store.recipient(claim.recipient_id)
            mailing = store.row(claim.mailing_id)
        if row is None or mailing is None or row.mailing_id != mailing.id:
            raise NotFound("This link is not valid.")
        return {
            "mailing": mailing.name,
            "address": row.address,
            "unsubscribed": row.unsubscribed_at is not None,
            "changed": False,
        }

    def get(self, caller: Principal, mailing_id: UUID) -> Any:
        self.access.require(caller, MAILINGS, "view")
        with self.db.reading() as session:
            row = MailingStore(session).row(mailing_id)
        if row is None or not self.access.can_see(caller, MAILINGS, row):
            raise RecordNotFound("Mailing", mailing_id)
        return row

    def list(
        self, caller: Principal, *, limit: int, cursor: str | None, status: str | None
    ) -> tuple[list[Any], str | None]:
        self.access.require(caller, MAILINGS, "view")
        after = decode_cursor(cursor, sort="created_at", descending=True) if cursor else None
        stmt = sa.select(mailings)
        visible = self.access.visible_filter(caller, MAILINGS, mailings)
        if visible is not None:
            stmt = stmt.where(visible)
        if status:
            stmt = stmt.where(mailings.c.status == status)
        stmt = keyset(
            stmt, mailings.c.created_at, mailings.c.id, descending=True, after=after, limit=limit
        )
        with self.db.reading() as session:
            rows = list(session.execute(stmt))
        return page(
            rows,
            limit=limit,
            sort="created_at",
            descending=True,
            key=lambda r: (r.created_at, r.id),
        )

    def recipients(
        self,
        caller: Principal,
        mailing_id: UUID,
        *,
        limit: int,
        cursor: str | None,
        status: str | None,
    ) -> tuple[list[Any], str | None]:
        self.get(caller, mailing_id)
        after = decode_cursor(cursor, sort="address", descending=False) if cursor else None
        r = mailing_recipients.c
        stmt = sa.select(mailing_recipients).where(r.mailing_id == mailing_id)
        if status:
            stmt = stmt.where(r.status == status)
        stmt = keyset(stmt, r.address, r.id, descending=False, after=after, limit=limit)
        with self.db.reading() as session:
            rows = list(session.execute(stmt))
        return page(
            rows, limit=limit, sort="address", descending=False, key=lambda x: (x.address, x.id)
        )

    def statistics(self, caller: Principal, mailing_id: UUID) -> dict[str, Any]:
        """Sent (accepted by the server), delivered (sent, not bounced), opened, clicked,
        unsubscribed, bounced, and the rates over delivered."""
        mailing = self.get(caller, mailing_id)
        with self.db.reading() as session:
            c = MailingStore(session).statistics(mailing_id)
        delivered = c["sent"]
        total = sum(c[k] for k in ("queued", "sent", "failed", "bounced", "skipped"))
        return {
            "mailing_id": mailing_id,
            "status": mailing.status,
            "recipients": total,
            "queued": c["queued"],
            "skipped": c["skipped"],
            "failed": c["failed"],
            "sent": c["sent"] + c["bounced"],
            "delivered": delivered,
            "bounced": c["bounced"],
            "opened": c["opened"],
            "clicked": c["clicked"],
            "unsubscribed": c["unsubscribed"],
            "open_rate": rate(c["opened"], delivered),
            "click_rate": rate(c["clicked"], delivered),
            "unsubscribe_rate": rate(c["unsubscribed"], delivered),
            "bounce_rate": rate(c["bounced"], c["sent"] + c["bounced"]),
        }
