"""SQL of the e-mail channel: queueing mails with the change that causes them, claiming and
marking sends, and the Message-ID -> ticket map used for threading and idempotency.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_support.adapters.mail_tables import mail_messages, mail_outbox, mail_threads
from crm_support.adapters.tables import tickets
from crm_support.domain.outbound_mail import MailRequest, mail_for, outbound_message_id

PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"


def _insert(session: Session, table: sa.Table) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


class MailStore:
    """The e-mail channel's rows, inside one session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def enqueue(self, request: MailRequest, *, domain: str, now: datetime) -> bool:
        """Queue a mail; False when this change already queued one (same kind and ref)."""
        mail_id = uuid.uuid4()
        message_id = outbound_message_id(request.kind, mail_id, domain)
        stmt = _insert(self.session, mail_outbox).values(
            id=mail_id,
            kind=request.kind,
            ref=request.ref,
            ticket_id=request.ticket_id,
            ticket_number=request.ticket_number,
            title=request.title,
            contact_id=request.contact_id,
            body=request.body,
            message_id=message_id,
            state=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        # RETURNING, not rowcount: psycopg reports no rowcount for a skipped conflict.
        inserted = self.session.execute(
            stmt.on_conflict_do_nothing(index_elements=["kind", "ref"]).returning(mail_outbox.c.id)
        ).first()
        if inserted is None:
            return False
        self.remember(message_id, request.ticket_id, "out", request.kind, now)
        return True

    def due(self, now: datetime, limit: int) -> list[UUID]:
        rows = self.session.execute(
            sa.select(mail_outbox.c.id)
            .where(mail_outbox.c.state == PENDING, mail_outbox.c.next_attempt_at <= now)
            .order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id)
            .limit(limit)
        )
        return [row.id for row in rows]

    def get(self, mail_id: UUID) -> Any:
        return self.session.execute(
            sa.select(mail_outbox).where(mail_outbox.c.id == mail_id)
        ).first()

    def claim(self, mail_id: UUID) -> bool:
        """Take a pending mail for this transaction: PostgreSQL's row lock keeps a second
        worker waiting until we commit, then its ``state`` check finds it sent (SQLite's
        ``BEGIN IMMEDIATE`` already serialises writers)."""
        claimed = self.session.execute(
            sa.update(mail_outbox)
            .where(mail_outbox.c.id == mail_id, mail_outbox.c.state == PENDING)
            .values(attempts=mail_outbox.c.attempts + 1)
            .returning(mail_outbox.c.id)
        ).first()
        return claimed is not None

    def mark_sent(self, mail_id: UUID, to: str, now: datetime) -> None:
        self._set(mail_id, state=SENT, sent_at=now, sent_to=to, last_error=None)

    def mark_attempt_failed(
        self, mail_id: UUID, error: str, *, retry_at: datetime | None, give_up_after: int
    ) -> str:
        """Record a failed send: retried at ``retry_at``, or ``failed`` once attempts run out."""
        row = self.get(mail_id)
        if row is None or row.state != PENDING:
            return row.state if row is not None else FAILED
        attempts = row.attempts + 1
        state = FAILED if attempts >= give_up_after or retry_at is None else PENDING
        self._set(
            mail_id,
            state=state,
            attempts=attempts,
            last_error=error[:1000],
            next_attempt_at=retry_at or row.next_attempt_at,
        )
        return state

    def mark_skipped(self, mail_id: UUID, reason: str) -> None:
        self._set(mail_id, state=SKIPPED, last_error=reason)

    def _set(self, mail_id: UUID, **values: Any) -> None:
        self.session.execute(
            sa.update(mail_outbox).where(mail_outbox.c.id == mail_id).values(**values)
        )

    # --- Message-IDs and threads ------------------------------------------------------

    def remember(
        self,
        message_id: str,
        ticket_id: UUID | None,
        direction: str,
        outcome: str,
        now: datetime,
    ) -> bool:
        """Keep a Message-ID; False when it was already known (a redelivered message)."""
        stmt = _insert(self.session, mail_messages).values(
            message_id=message_id,
            ticket_id=ticket_id,
            direction=direction,
            outcome=outcome[:100],
            created_at=now,
        )
        inserted = self.session.execute(
            stmt.on_conflict_do_nothing(index_elements=["message_id"]).returning(
                mail_messages.c.message_id
            )
        ).first()
        return inserted is not None

    def known(self, message_id: str) -> bool:
        return (
            self.session.execute(
                sa.select(mail_messages.c.message_id).where(
                    mail_messages.c.message_id == message_id
                )
            ).first()
            is not None
        )

    def ticket_of(self, message_ids: Sequence[str]) -> UUID | None:
        """The ticket of the first of ``message_ids`` we know (In-Reply-To before References)."""
        if not message_ids:
            return None
        rows = self.session.execute(
            sa.select(mail_messages.c.message_id, mail_messages.c.ticket_id).where(
                mail_messages.c.message_id.in_(list(message_ids)),
                mail_messages.c.ticket_id.is_not(None),
            )
        ).all()
        found = {row.message_id: row.ticket_id for row in rows}
        return next((found[i] for i in message_ids if i in found), None)

    def set_outcome(self, message_id: str, ticket_id: UUID | None, outcome: str) -> None:
        self.session.execute(
            sa.update(mail_messages)
            .where(mail_messages.c.message_id == message_id)
            .values(ticket_id=ticket_id, outcome=outcome[:100])
        )

    def ticket_by_number(self, number: str) -> Any:
        """The ticket's id and contact (threading by subject token), or None."""
        return self.session.execute(
            sa.select(tickets.c.id, tickets.c.contact_id).where(tickets.c.number == number)
        ).first()

    def ticket_exists(self, ticket_id: UUID) -> bool:
        return (
            self.session.execute(sa.select(tickets.c.id).where(tickets.c.id == ticket_id)).first()
            is not None
        )

    def thread(self, ticket_id: UUID) -> Any:
        return self.session.execute(
            sa.select(mail_threads).where(mail_threads.c.ticket_id == ticket_id)
        ).first()

    def open_thread(self, ticket_id: UUID, address: str, root: str, now: datetime) -> None:
        self.session.execute(
            _insert(self.session, mail_threads)
            .values(
                ticket_id=ticket_id, customer_address=address, root_message_id=root, created_at=now
            )
            .on_conflict_do_nothing(index_elements=["ticket_id"])
        )


class MailQueueRecorder:
    """The unit of work's event recorder, plus the mails: each domain event goes to the
    events outbox as before, and the ones a customer is mailed about (``mail_for``) also
    queue a mail in the same transaction, so no comment is ever committed unmailed and no
    mail goes out for a change that was rolled back."""

    def __init__(
        self, inner: Any, *, domain: str, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.inner = inner
        self.domain = domain
        self.clock = clock or (lambda: datetime.now(UTC))

    def __call__(self, session: Session, event: Any) -> None:
        self.inner(session, event)
        self._queue(session, [event])

    def record_many(self, session: Session, events: Iterable[Any]) -> None:
        events = list(events)
        record_many = getattr(self.inner, "record_many", None)
        if record_many is not None:
            record_many(session, events)
        else:
            for event in events:
                self.inner(session, event)
        self._queue(session, events)

    def _queue(self, session: Session, events: Iterable[Any]) -> None:
        store = MailStore(session)
        now = self.clock()
        for event in events:
            request = mail_for(event)
            if request is not None:
                store.enqueue(request, domain=self.domain, now=now)
