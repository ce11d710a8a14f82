"""The send job (the worker's mailing timer): each due mailing's send list resolved first,
then sent in rounds, each recipient once.

Resolving writes one send-list row per address (unique per mailing), skipped with a reason
when consent forbids it (do-not-contact, opted out: h/audience) or the address is unusable.
On PostgreSQL a batch of rows is claimed, mailed and marked in one transaction, with a
hand-off journal that keeps a killed worker from mailing anyone twice (``mass_batch.py``
says how, and where the window is). Elsewhere (SQLite) sending one row is one database
transaction around its SMTP hand-off: the row is claimed
(only while the mailing is Sending; SQLite: ``BEGIN IMMEDIATE``, PostgreSQL with
``batches`` off: the row lock), the
message handed to the server, and the row marked sent with the server's reply; then the
commit. A worker killed before the server's ``250`` rolls back and the row goes out on the
next round. The gap left is a
crash between the ``250`` and our commit (milliseconds): the retry carries the same
``Message-ID`` (the row's id), which mail systems drop as a duplicate.

The pace: at most ``batch_size`` rows a round, cut by the sliding-window caps per minute
and hour (counted from the send list, so a restart keeps the pace), spaced to
``per_second``. Pause and cancel take effect before the next message (per-row path) or
batch (batch path): the claim checks.
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection

from crm_chassis.db import Database
from crm_chassis.errors import AppError
from crm_chassis.logging import get_logger
from crm_marketing.adapters.mailing_links import MailingLinks
from crm_marketing.adapters.mailing_store import BOUNCED, FAILED, QUEUED, SENT, MailingStore
from crm_marketing.domain.mailing_ports import MassConnection, MassSender
from crm_marketing.domain.mailings import CANCELLED, SCHEDULED, SENDING, Mailing
from crm_marketing.domain.mass_mail import Envelope, Pacer, allowance, build_message, links_in
from crm_marketing.domain.ports import SKIP_NO_ADDRESS, Recipient, Recipients, Templates
from crm_marketing.service.mass_batch import send_batches

log = get_logger("crm_marketing.mailings")

CHUNK = 1000


def normalise(address: str | None) -> str | None:
    """The address as the send list keys it (one row per mailbox), None if unusable."""
    value = (address or "").strip().lower()
    local, at, host = value.partition("@")
    if not (local and at and "." in host) or any(c in value for c in " \r\n<>,;"):
        return None
    return value[:320]


@dataclass
class MassMailer:
    db: Database
    sender: MassSender
    recipients: Recipients
    templates: Templates
    links: MailingLinks
    domain: str
    max_attempts: int = 3
    #: PostgreSQL: commit the send-list marks without waiting for the WAL flush (see the
    #: module doc: a database crash, not a worker's, may forget the last marks).
    async_commit: bool = False
    #: SMTP sessions (and database connections) a round uses side by side.
    concurrency: int = 1
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    #: Batch path: called with a batch's marks after its hand-offs, before they are
    #: written (tests: a crash between send and mark).
    before_marks: Callable[[list[dict[str, Any]]], None] | None = None
    #: False: one row per transaction even on PostgreSQL (the benchmark compares).
    batches: bool = True
    _targets: dict[UUID, set[str]] = field(default_factory=dict, repr=False)

    def run_once(self) -> int:
        """Start what is due, resolve new send lists, send one round of each; rows sent."""
        with self.db.reading() as session:
            ids = MailingStore(session).in_status(SCHEDULED, SENDING)
        sent = 0
        for mailing_id in ids:
            try:
                sent += self.run_mailing(mailing_id)
            except AppError as exc:  # audience or templates unavailable: the next tick retries
                log.warning("mailing.round_failed", mailing_id=str(mailing_id), error=str(exc))
        return sent

    def drain(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Rounds until nothing more may go out now (all sent, paused, or a window full):
        the worker's timer job, so a large mailing does not wait a tick between rounds."""
        total = 0
        while not stop():
            sent = self.run_once()
            total += sent
            if not sent:
                return total
        return total

    def run_until_done(self, mailing_id: UUID, rounds: int = 1_000_000) -> int:
        """Run one mailing's rounds until it leaves Sending (tests, the benchmark)."""
        sent = 0
        for _ in range(rounds):
            sent += self.run_mailing(mailing_id)
            with self.db.reading() as session:
                if MailingStore(session).get(mailing_id).status not in (SCHEDULED, SENDING):
                    return sent
        return sent

    def run_mailing(self, mailing_id: UUID) -> int:
        mailing, prepared = self._start_if_due(mailing_id)
        if mailing is None:
            return 0
        if not prepared:
            self.prepare(mailing)
        return self.send_round(mailing)

    def _start_if_due(self, mailing_id: UUID) -> tuple[Mailing | None, bool]:
        with self.db.transaction() as session:
            store = MailingStore(session)
            mailing = store.get(mailing_id, lock=True)
            if mailing.is_due(self.clock()):
                mailing.start(self.clock())
                store.save(mailing)
                log.info("mailing.started", mailing_id=str(mailing_id))
            prepared = store.row(mailing_id).prepared_at is not None
        return (mailing if mailing.status == SENDING else None), prepared

    # --- the send list ----------------------------------------------------------------

    def prepare(self, mailing: Mailing) -> int:
        """Resolve the audience into the send list (resumable: addresses already on it stay)."""
        total = 0
        for chunk in _chunks(self.recipients.resolve(mailing.fields.audience_id), CHUNK):
            rows = self._rows(chunk)
            with self.db.transaction() as session:
                MailingStore(session).add_recipients(mailing.id, rows)
            total += len(rows)
        with self.db.transaction() as session:
            MailingStore(session).mark_prepared(mailing.id, self.clock())
        log.info("mailing.prepared", mailing_id=str(mailing.id), rows=total)
        return total

    def _rows(self, members: list[Recipient]) -> list[dict[str, Any]]:
        """Send-list rows of one chunk: consent as the audience decided it (the skip
        reason), an unusable address skipped, the same mailbox twice kept once."""
        rows: dict[str, dict[str, Any]] = {}
        for m in members:
            address = normalise(m.address)
            key = address or f"invalid:{m.contact_id or m.lead_id}"
            if key in rows:
                continue
            reason = m.skip_reason or (None if address else SKIP_NO_ADDRESS)
            rows[key] = {
                "address": key[:320],
                "name": (m.name or None),
                "contact_id": m.contact_id,
                "lead_id": m.lead_id,
                "merge_fields": _plain(m.merge_fields),
                "reason": reason,
            }
        return list(rows.values())

    # --- sending ----------------------------------------------------------------------

    def send_round(self, mailing: Mailing) -> int:
        f = mailing.fields
        now = self.clock()
        with self.db.reading() as session:
            store = MailingStore(session)
            room = allowance(
                f.batch_size,
                per_minute=f.per_minute,
                per_hour=f.per_hour,
                sent_last_minute=store.sent_since(mailing.id, now - timedelta(minutes=1))
                if f.per_minute
                else 0,
                sent_last_hour=store.sent_since(mailing.id, now - timedelta(hours=1))
                if f.per_hour
                else 0,
            )
            left = store.has_queued(mailing.id)
            batched = self.batches and session.get_bind().dialect.name == "postgresql"
            rows = store.queued(mailing.id, room) if room and left and not batched else []
        if not left:
            self._finish(mailing.id)
            return 0
        if batched:
            return send_batches(self, mailing, room) if room else 0
        return self._send_parallel(mailing, rows) if rows else 0

    def remember_targets(self, mailing_id: UUID, targets: set[str]) -> None:
        """Link targets already recorded for the mailing (not written again)."""
        self._targets.setdefault(mailing_id, set()).update(targets)

    def _send_parallel(self, mailing: Mailing, rows: list[Any]) -> int:
        """The round's rows over ``concurrency`` SMTP sessions (each row still claimed on
        its own, so two sessions never send one row); the pace is shared out."""
        lanes = max(1, min(self.concurrency, len(rows) // 50 or 1))
        if lanes == 1:
            return self._send_rows(mailing, rows, mailing.fields.per_second)
        pace = mailing.fields.per_second / lanes if mailing.fields.per_second else None
        with ThreadPoolExecutor(lanes, thread_name_prefix="mailing-lane") as pool:
            done = pool.map(lambda i: self._send_rows(mailing, rows[i::lanes], pace), range(lanes))
            return sum(done)

    def _send_rows(self, mailing: Mailing, rows: list[Any], per_second: float | None) -> int:
        pacer = Pacer(per_second, self.monotonic, self.sleep)
        sent = 0
        try:
            # One SMTP session and one database connection for the round (no pool checkout
            # and ping per row); still one transaction per row.
            with self.sender.connect() as connection, self._connection() as db:
                for row in rows:
                    pacer.wait()
                    outcome = self.send_row(connection, mailing, row, db)
                    if outcome is None:
                        break  # paused or cancelled meanwhile
                    sent += outcome
        except (smtplib.SMTPException, OSError) as exc:  # server gone: the next round retries
            log.warning("mailing.smtp_unavailable", mailing_id=str(mailing.id), error=str(exc))
        return sent

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        with self.db.engine.connect() as db:
            tuned = self.async_commit and db.dialect.name == "postgresql"
            if tuned:
                db.exec_driver_sql("SET synchronous_commit = off")
                db.commit()
            try:
                yield db
            finally:
                if tuned:  # the pool's next user gets the server's default back
                    db.rollback()
                    db.exec_driver_sql("RESET synchronous_commit")
                    db.commit()

    def send_row(
        self, connection: MassConnection, mailing: Mailing, row: Any, db: Connection
    ) -> int | None:
        """Send one row: 1 sent, 0 not (bounced, failed, done by another worker), None when
        the mailing stopped. A lost connection propagates (the row stays queued)."""
        try:
            message, targets = self._message(mailing, row)
        except Exception as exc:  # noqa: BLE001 - any render error fails this row only
            self._failed(row.id, f"render: {exc}", final=True)
            return 0
        try:
            with db.begin():
                store = MailingStore(db)
                if not store.claim(row.id, mailing.id):
                    return None if store.get(mailing.id).status != SENDING else 0
                if targets:
                    store.add_links(mailing.id, targets)
                reply = connection.hand_off_raw(message.sender, [message.recipient], message.data)
                store.mark(
                    row.id,
                    status=SENT,
                    message_id=message.message_id,
                    smtp_reply=reply[:500],
                    sent_at=self.clock(),
                    reason=None,
                )
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
            self._refused(row.id, exc)
            return 0
        self._targets.setdefault(mailing.id, set()).update(targets)
        return 1

    def _message(self, mailing: Mailing, row: Any) -> tuple[Any, list[str]]:
        f = mailing.fields
        member = Recipient(
            address=row.address,
            name=row.name or "",
            contact_id=row.contact_id,
            lead_id=row.lead_id,
            merge_fields=row.merge_fields or {},
        )
        links = self.links.for_recipient(
            mailing.id, row.id, row.address, opens=f.track_opens, clicks=f.track_clicks
        )
        rendered = self.templates.render(
            f.template_id,
            member,
            sender={"name": f.from_name, "email": f.from_address},
            unsubscribe_url=links.unsubscribe,
        )
        envelope = Envelope(
            sender_address=f.from_address,
            sender_name=f.from_name,
            to_address=row.address,
            to_name=row.name,
            message_id=f"<{row.id.hex}@{self.domain}>",
            list_id=f"<{mailing.id.hex}.{self.domain}>",
            reply_to=f.reply_to,
        )
        message = build_message(rendered.subject, rendered.text, rendered.html, envelope, links)
        known = self._targets.get(mailing.id, set())
        targets = [u for u in links_in(rendered.html) if u not in known] if f.track_clicks else []
        return message, targets

    def _refused(self, row_id: UUID, exc: Exception) -> None:
        codes = [c for c, _ in getattr(exc, "recipients", {}).values()] or [
            getattr(exc, "smtp_code", 0)
        ]
        if all(500 <= int(c) < 600 for c in codes):
            with self.db.transaction() as session:
                MailingStore(session).mark(row_id, status=BOUNCED, reason=f"smtp: {exc}"[:200])
            return
        self._failed(row_id, f"smtp: {exc}", final=False)

    def _failed(self, row_id: UUID, error: str, *, final: bool) -> None:
        with self.db.transaction() as session:
            store = MailingStore(session)
            row = store.recipient(row_id)
            if row is None or row.status != QUEUED:
                return
            attempts = row.attempts + 1
            done = final or attempts >= self.max_attempts
            store.mark(
                row_id, attempts=attempts, reason=error[:200], status=FAILED if done else QUEUED
            )
        log.warning("mailing.row_failed", row_id=str(row_id), error=error)

    def _finish(self, mailing_id: UUID) -> None:
        with self.db.transaction() as session:
            store = MailingStore(session)
            mailing = store.get(mailing_id, lock=True)
            if mailing.status == SENDING:
                mailing.finish(self.clock())
                store.save(mailing)
                store.forget_handoffs(mailing_id)
                log.info("mailing.sent", mailing_id=str(mailing_id))
        self._targets.pop(mailing_id, None)


def skip_unsent(store: MailingStore, mailing: Mailing) -> None:
    """A cancelled mailing's queued rows are skipped (they never go out)."""
    if mailing.status == CANCELLED:
        store.skip_queued(mailing.id, "mailing cancelled")


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _plain(fields: Any) -> dict[str, Any]:
    """Merge fields as JSON keeps them: groups of text values (``{"contact": {...}}``)."""
    try:
        groups = dict(fields)
    except (TypeError, ValueError):
        return {}
    return {
        str(group): {str(k): "" if v is None else str(v) for k, v in dict(values).items()}
        if isinstance(values, dict) or hasattr(values, "items")
        else str(values)
        for group, values in groups.items()
    }
