"""SQL of mass mail: mailings, their send lists (claimed and marked one row per
transaction, or a batch per transaction with the hand-off journal), link targets and the
tracking marks."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_chassis.errors import RecordNotFound
from crm_marketing.adapters.mailing_tables import (
    mailing_handoffs,
    mailing_links,
    mailing_recipients,
    mailings,
)
from crm_marketing.domain.mailings import SENDING, Mailing, MailingFields

QUEUED, SENT, FAILED, BOUNCED, SKIPPED = "queued", "sent", "failed", "bounced", "skipped"
RECIPIENT_STATUSES = (QUEUED, SENT, FAILED, BOUNCED, SKIPPED)
_FIELD_NAMES = tuple(f.name for f in fields(MailingFields))
_STATE = ("status", "owner_id", "created_by", "created_at", "updated_at", "version")
_TIMES = ("started_at", "finished_at")


def _insert(session: Session | sa.Connection, table: sa.Table) -> Any:
    bind = session if isinstance(session, sa.Connection) else session.get_bind()
    dialect = bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def mailing_of(row: Any) -> Mailing:
    m = row._mapping
    mailing = Mailing(
        id=m["id"],
        fields=MailingFields(**{name: m[name] for name in _FIELD_NAMES}),
        **{name: m[name] for name in _STATE},
    )
    mailing.started_at, mailing.finished_at = m["started_at"], m["finished_at"]
    return mailing


def _values(mailing: Mailing) -> dict[str, Any]:
    values = asdict(mailing.fields)
    values.update({name: getattr(mailing, name) for name in _STATE + _TIMES})
    return values


class MailingStore:
    """Mailings and their send lists, inside one session's (or connection's) transaction."""

    def __init__(self, session: Session | sa.Connection) -> None:
        self.session = session

    # --- mailings ---------------------------------------------------------------------

    def add(self, mailing: Mailing) -> None:
        self.session.execute(sa.insert(mailings).values(id=mailing.id, **_values(mailing)))

    def get(self, mailing_id: UUID, *, lock: bool = False) -> Mailing:
        query = sa.select(mailings).where(mailings.c.id == mailing_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise RecordNotFound("Mailing", mailing_id)
        return mailing_of(row)

    def save(self, mailing: Mailing) -> None:
        self.session.execute(
            sa.update(mailings).where(mailings.c.id == mailing.id).values(**_values(mailing))
        )

    def row(self, mailing_id: UUID) -> Any:
        return self.session.execute(sa.select(mailings).where(mailings.c.id == mailing_id)).first()

    def in_status(self, *statuses: str) -> list[UUID]:
        rows = self.session.execute(
            sa.select(mailings.c.id).where(mailings.c.status.in_(statuses)).order_by(mailings.c.id)
        )
        return [r.id for r in rows]

    def mark_prepared(self, mailing_id: UUID, now: datetime) -> None:
        self.session.execute(
            sa.update(mailings).where(mailings.c.id == mailing_id).values(prepared_at=now)
        )

    # --- the send list ----------------------------------------------------------------

    def add_recipients(self, mailing_id: UUID, rows: Sequence[dict[str, Any]]) -> None:
        """Queue (or skip, with ``reason``) each address once; an address already on the
        list stays as it is (a resumed resolution adds only what is missing)."""
        if not rows:
            return
        values = [
            {
                "id": uuid.uuid4(),
                "mailing_id": mailing_id,
                "status": SKIPPED if r.get("reason") else QUEUED,
                "attempts": 0,
                **r,
            }
            for r in rows
        ]
        # One cached statement, executemany'd (SQLAlchemy batches it into multi-row
        # INSERTs): compiling a fresh 1,000-row VALUES cost more than running it.
        stmt = _insert(self.session, mailing_recipients).on_conflict_do_nothing(
            index_elements=["mailing_id", "address"]
        )
        self.session.execute(stmt, values)

    def queued(self, mailing_id: UUID, limit: int) -> list[Any]:
        return list(
            self.session.execute(
                sa.select(mailing_recipients)
                .where(
                    mailing_recipients.c.mailing_id == mailing_id,
                    mailing_recipients.c.status == QUEUED,
                )
                .order_by(mailing_recipients.c.id)
                .limit(limit)
            )
        )

    def has_queued(self, mailing_id: UUID) -> bool:
        r = mailing_recipients.c
        found = (
            sa.select(r.id)
            .where(r.mailing_id == mailing_id, r.status == QUEUED)
            .order_by(r.id)
            .limit(1)
        )
        return self.session.execute(found).first() is not None

    def claim(self, row_id: UUID, mailing_id: UUID) -> bool:
        """Take a queued row of a Sending mailing for this transaction (PostgreSQL: its row
        lock keeps a second worker waiting until we commit, then the status check finds it
        sent; a paused or cancelled mailing's rows are not taken)."""
        sending = (
            sa.select(mailings.c.id)
            .where(mailings.c.id == mailing_id, mailings.c.status == SENDING)
            .exists()
        )
        claimed = self.session.execute(
            sa.update(mailing_recipients)
            .where(
                mailing_recipients.c.id == row_id,
                mailing_recipients.c.status == QUEUED,
                sending,
            )
            .values(attempts=mailing_recipients.c.attempts + 1)
            .returning(mailing_recipients.c.id)
        ).first()
        return claimed is not None

    def mark(self, row_id: UUID, **values: Any) -> None:
        self.session.execute(
            sa.update(mailing_recipients).where(mailing_recipients.c.id == row_id).values(**values)
        )

    def claim_batch(self, mailing_id: UUID, limit: int) -> list[Any]:
        """Take up to ``limit`` queued rows of a Sending mailing in one statement
        (PostgreSQL): locked until this transaction ends, rows another worker holds are
        skipped, not waited for; none when the mailing is paused or cancelled."""
        r = mailing_recipients.c
        sending = (
            sa.select(mailings.c.id)
            .where(mailings.c.id == mailing_id, mailings.c.status == SENDING)
            .exists()
        )
        batch = (
            sa.select(r.id)
            .where(r.mailing_id == mailing_id, r.status == QUEUED)
            # ix_mailing_recipients_queued holds only queued rows in this order: the claim
            # reads N entries, not every row already sent.
            .order_by(r.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        claimed = self.session.execute(
            sa.update(mailing_recipients)
            .where(r.id.in_(batch), sending)
            .values(attempts=r.attempts + 1)
            .returning(*mailing_recipients.c)
        )
        return sorted(claimed, key=lambda row: row.id)

    def handoffs(self, row_ids: Sequence[UUID]) -> dict[UUID, Any]:
        """What the journal says the SMTP server already accepted of these rows."""
        if not row_ids:
            return {}
        h = mailing_handoffs.c
        rows = self.session.execute(sa.select(mailing_handoffs).where(h.recipient_id.in_(row_ids)))
        return {row.recipient_id: row for row in rows}

    def mark_many(self, marks: Sequence[dict[str, Any]]) -> None:
        """Each ``{"row_id": ..., column: value}`` written in one executemany (psycopg
        pipelines it: a few round trips for the whole batch). All marks share one key set."""
        if not marks:
            return
        r = mailing_recipients.c
        columns = [k for k in marks[0] if k != "row_id"]
        self.session.execute(
            sa.update(mailing_recipients)
            .where(r.id == sa.bindparam("row_id"))
            .values({c: sa.bindparam(f"v_{c}") for c in columns}),
            [{"row_id": m["row_id"], **{f"v_{c}": m[c] for c in columns}} for m in marks],
        )

    def forget_handoffs(self, mailing_id: UUID) -> None:
        """The journal of a finished mailing is not needed any more."""
        self.session.execute(
            sa.delete(mailing_handoffs).where(mailing_handoffs.c.mailing_id == mailing_id)
        )

    def skip_queued(self, mailing_id: UUID, reason: str) -> int:
        result = self.session.execute(
            sa.update(mailing_recipients)
            .where(
                mailing_recipients.c.mailing_id == mailing_id,
                mailing_recipients.c.status == QUEUED,
            )
            .values(status=SKIPPED, reason=reason)
        )
        return int(result.rowcount or 0)

    def sent_since(self, mailing_id: UUID, since: datetime) -> int:
        return int(
            self.session.execute(
                sa.select(sa.func.count()).where(
                    mailing_recipients.c.mailing_id == mailing_id,
                    mailing_recipients.c.sent_at >= since,
                )
            ).scalar_one()
        )

    def recipient(self, row_id: UUID) -> Any:
        return self.session.execute(
            sa.select(mailing_recipients).where(mailing_recipients.c.id == row_id)
        ).first()

    def mark_once(self, row_id: UUID, column: str, now: datetime) -> bool:
        """Set a tracking time (opened, clicked, unsubscribed) once; True the first time."""
        col = mailing_recipients.c[column]
        done = self.session.execute(
            sa.update(mailing_recipients)
            .where(mailing_recipients.c.id == row_id, col.is_(None))
            .values({column: now})
            .returning(mailing_recipients.c.id)
        ).first()
        return done is not None

    # --- link targets -----------------------------------------------------------------

    def add_links(self, mailing_id: UUID, urls: Iterable[str]) -> None:
        values = [{"mailing_id": mailing_id, "digest": _digest(u), "url": u} for u in urls]
        if values:
            stmt = _insert(self.session, mailing_links).values(values)
            self.session.execute(stmt.on_conflict_do_nothing())

    def links_to(self, mailing_id: UUID, url: str) -> bool:
        return (
            self.session.execute(
                sa.select(mailing_links.c.url).where(
                    mailing_links.c.mailing_id == mailing_id,
                    mailing_links.c.digest == _digest(url),
                )
            ).first()
            is not None
        )

    # --- statistics -------------------------------------------------------------------

    def statistics(self, mailing_id: UUID) -> dict[str, int]:
        r = mailing_recipients.c
        by_status = dict(
            self.session.execute(
                sa.select(r.status, sa.func.count())
                .where(r.mailing_id == mailing_id)
                .group_by(r.status)
            ).all()
        )
        marks = self.session.execute(
            sa.select(
                sa.func.count(r.opened_at),
                sa.func.count(r.clicked_at),
                sa.func.count(r.unsubscribed_at),
            ).where(r.mailing_id == mailing_id)
        ).one()
        counts = {status: int(by_status.get(status, 0)) for status in RECIPIENT_STATUSES}
        counts.update(opened=int(marks[0]), clicked=int(marks[1]), unsubscribed=int(marks[2]))
        return counts


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()
