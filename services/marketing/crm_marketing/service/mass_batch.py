"""The batch path of the send job (PostgreSQL): a batch of send-list rows claimed, mailed
and marked in one transaction, with a hand-off journal so a killed worker mails nobody twice.

Per lane and round (``batch_size`` shared out over ``concurrency`` lanes):

1. one statement claims up to N queued rows of the Sending mailing (``FOR UPDATE SKIP
   LOCKED``: locked until our commit, another worker skips them) and the journal is read
   for them;
2. rows the journal already holds were accepted by the SMTP server under a worker that died
   before its commit: they are marked sent from the journal, never mailed again;
3. the others are rendered and handed to the server over one kept-open SMTP session; each
   ``250`` is written to the journal (``mailing_handoffs``) at once, on a second connection
   in autocommit, its bytes in the socket before the next message starts (its reply read a
   message later: ``adapters/mailing_journal.py``): the server commits that row whatever
   becomes of this process;
4. every row's mark (sent with its hand-off id, bounced, failed, or back to queued when the
   session was lost before it) goes in one executemany, then the one commit of the batch
   (durable: ``synchronous_commit`` stays on for it).

The window. A worker killed before its batch commits rolls the claim back: the rows are
queued again and their locks free. What the server had accepted is in the journal, so the
next claim marks it sent (step 2). Only a message whose ``250`` arrived but whose journal
insert had not yet left the process can go out twice, one per lane, carrying the same
``Message-ID`` (the row's id), which mail systems drop as a duplicate: the same window the
one-row-per-transaction path has between ``250`` and its commit. The journal commits
asynchronously (a per-message WAL flush costs more than the message itself): it survives
any worker's death; a *database* crash may forget its last fraction of a second, and those
rows (their batch never committed either) go out again, again with the same Message-ID.
Pause and cancel take effect at the next batch (the claim checks the mailing's status).
"""

from __future__ import annotations

import smtplib
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from crm_chassis.logging import get_logger
from crm_marketing.adapters.mailing_journal import HandoffJournal, handoff_journal
from crm_marketing.adapters.mailing_store import BOUNCED, FAILED, QUEUED, SENT, MailingStore
from crm_marketing.domain.mailing_ports import MassConnection
from crm_marketing.domain.mailings import Mailing
from crm_marketing.domain.mass_mail import Pacer

if TYPE_CHECKING:
    from crm_marketing.service.mass_mail import MassMailer

log = get_logger("crm_marketing.mailings")


def send_batches(mailer: MassMailer, mailing: Mailing, room: int) -> int:
    """``room`` rows over up to ``concurrency`` lanes, one batch (one commit) per lane."""
    lanes = max(1, min(mailer.concurrency, room // 50 or 1))
    shares = [room // lanes + (1 if i < room % lanes else 0) for i in range(lanes)]
    per_second = mailing.fields.per_second
    pace = per_second / lanes if per_second else None
    if lanes == 1:
        return send_batch(mailer, mailing, room, pace)
    with ThreadPoolExecutor(lanes, thread_name_prefix="mailing-lane") as pool:
        return sum(pool.map(lambda n: send_batch(mailer, mailing, n, pace), shares))


def send_batch(mailer: MassMailer, mailing: Mailing, limit: int, pace: float | None) -> int:
    """Claim, mail and mark up to ``limit`` rows in one transaction; the rows sent."""
    try:
        with (
            mailer.sender.connect() as smtp,
            mailer.db.engine.connect() as db,
            handoff_journal(mailer.db.engine) as journal,
        ):
            with db.begin():
                return _batch(mailer, mailing, limit, pace, smtp, db, journal)
    except (smtplib.SMTPException, OSError) as exc:  # no session: the next round retries
        log.warning("mailing.smtp_unavailable", mailing_id=str(mailing.id), error=str(exc))
        return 0


def _batch(
    mailer: MassMailer,
    mailing: Mailing,
    limit: int,
    pace: float | None,
    smtp: MassConnection,
    db: Connection,
    journal: HandoffJournal,
) -> int:
    if mailer.async_commit:
        db.exec_driver_sql("SET LOCAL synchronous_commit = off")
    store = MailingStore(db)
    rows = store.claim_batch(mailing.id, limit)
    done = store.handoffs([r.id for r in rows])
    pacer = Pacer(pace, mailer.monotonic, mailer.sleep)
    marks: list[dict[str, Any]] = []
    targets: set[str] = set()
    lost: str | None = None
    for row in rows:
        if row.id in done:  # accepted before a worker died: record it, do not resend
            h = done[row.id]
            marks.append(_mark(row, SENT, h.message_id, h.smtp_reply, h.sent_at))
        elif lost is not None:  # the session is gone: back to the queue, attempt not counted
            marks.append(_mark(row, QUEUED, reason=row.reason, attempts=row.attempts - 1))
        else:
            pacer.wait()
            mark, lost = _send(mailer, mailing, row, smtp, journal, targets)
            marks.append(mark)
    if lost is not None:
        log.warning("mailing.smtp_unavailable", mailing_id=str(mailing.id), error=lost)
    journal.settle()  # every hand-off journaled before the marks
    if mailer.before_marks is not None:
        mailer.before_marks(marks)
    store.add_links(mailing.id, sorted(targets))
    store.mark_many(marks)
    mailer.remember_targets(mailing.id, targets)
    # Rows marked from the journal count too: the round made progress.
    return sum(1 for m in marks if m["status"] == SENT)


def _send(
    mailer: MassMailer,
    mailing: Mailing,
    row: Any,
    smtp: MassConnection,
    journal: HandoffJournal,
    targets: set[str],
) -> tuple[dict[str, Any], str | None]:
    """One row's hand-off and its mark; the second item says the session was lost."""
    try:
        message, links = mailer._message(mailing, row)
    except Exception as exc:  # noqa: BLE001 - any render error fails this row only
        return _mark(row, FAILED, reason=f"render: {exc}"[:200]), None
    try:
        reply = smtp.hand_off_raw(message.sender, [message.recipient], message.data)[:500]
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
        return _refused(mailer, row, exc), None
    except (smtplib.SMTPException, OSError) as exc:
        return _mark(row, QUEUED, reason=row.reason, attempts=row.attempts - 1), str(exc)
    sent_at = mailer.clock()
    journal.record(row.id, mailing.id, message.message_id, reply, sent_at)
    targets.update(links)
    return _mark(row, SENT, message.message_id, reply, sent_at), None


def _refused(mailer: MassMailer, row: Any, exc: Exception) -> dict[str, Any]:
    codes = [c for c, _ in getattr(exc, "recipients", {}).values()] or [
        getattr(exc, "smtp_code", 0)
    ]
    reason = f"smtp: {exc}"[:200]
    if all(500 <= int(c) < 600 for c in codes):
        return _mark(row, BOUNCED, reason=reason)
    return _mark(row, FAILED if row.attempts >= mailer.max_attempts else QUEUED, reason=reason)


def _mark(
    row: Any,
    status: str,
    message_id: str | None = None,
    smtp_reply: str | None = None,
    sent_at: Any = None,
    *,
    reason: str | None = None,
    attempts: int | None = None,
) -> dict[str, Any]:
    # One key set for every mark: the batch's executemany needs it.
    return {
        "row_id": row.id,
        "status": status,
        "message_id": message_id,
        "smtp_reply": smtp_reply,
        "sent_at": sent_at,
        "reason": reason,
        "attempts": row.attempts if attempts is None else attempts,
    }
