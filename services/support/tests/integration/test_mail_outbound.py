"""Mail to customers through a real SMTP server (the chassis's sink on a free port):
public staff comments once each, internal ones never, threading headers, retries."""

from __future__ import annotations

import email
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa

from crm_chassis.smtp import SmtpListener
from crm_chassis.smtp.sink import sink
from crm_chassis.testing.processes import free_port
from crm_support.adapters.mail_tables import mail_outbox
from crm_support.bootstrap import Support, bootstrap, mailer
from crm_support.config import Settings
from crm_support.domain.comments import Comment
from crm_support.domain.tickets import Ticket, TicketFields
from crm_support.service.outbound_mail import Mailer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Contacts:
    """contacts as the mailer sees it: one known contact."""

    def __init__(self) -> None:
        self.known = {UUID(int=7): "ann@example.com"}

    def find_by_email(self, email: str) -> None:
        return None

    def email_of(self, contact_id: UUID) -> str | None:
        return self.known.get(contact_id)


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def smtp(mail_dir: Path) -> Iterator[SmtpListener]:
    listener = sink("127.0.0.1", free_port(), mail_dir)
    yield listener
    listener.stop()


@pytest.fixture
def app(settings: Settings, smtp: SmtpListener) -> Iterator[Support]:
    wired = bootstrap(settings.model_copy(update={"smtp_port": smtp.port}))
    yield wired
    wired.db.dispose()


@pytest.fixture
def sender(app: Support) -> Mailer:
    return mailer(app, contacts=Contacts())


def ticket(channel: str = "phone", contact: UUID | None = UUID(int=7)) -> Ticket:
    account = UUID(int=8) if contact else None
    fields = TicketFields(
        title="Printer on fire", account_id=account, contact_id=contact, channel=channel
    )
    return Ticket.open(id=uuid4(), number="TT-2026-000042", fields=fields, now=NOW, by="u1")


def comment(t: Ticket, *, public: bool = True, kind: str = "staff") -> Comment:
    c = Comment(uuid4(), t.id, "Please restart it.", public, None, kind, NOW)
    t.add_comment(c)
    return c


def record(app: Support, t: Ticket) -> None:
    """What the unit of work does with a ticket's events at commit."""
    with app.db.transaction() as session:
        for event in t.events:
            app.uow.record(session, event)
    t.events.clear()


def mails(folder: Path) -> list[email.message.EmailMessage]:
    files = sorted(folder.glob("*.eml"))
    return [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def test_public_staff_comment_is_mailed_once(app: Support, sender: Mailer, mail_dir: Path) -> None:
    t = ticket()
    c = comment(t)
    record(app, t)
    assert sender.send_due() == 1
    assert sender.send_due() == 0
    [sent] = mails(mail_dir)
    assert sent["To"] == "ann@example.com"
    assert sent["Subject"] == "Re: [TT-2026-000042] Printer on fire"
    assert sent["Message-ID"].endswith("@support.crm.local>")
    assert sent["In-Reply-To"] == f"<ticket.{t.id.hex}@support.crm.local>"
    assert sent["Auto-Submitted"] == "auto-generated"
    assert c.body in sent.get_content()


def test_the_same_comment_recorded_twice_is_one_mail(
    app: Support, sender: Mailer, mail_dir: Path
) -> None:
    t = ticket()
    comment(t)
    events = list(t.events)
    record(app, t)
    t.events.extend(events)  # a replayed event (the recorder keys the mail by comment id)
    record(app, t)
    assert sender.send_due() == 1
    assert len(mails(mail_dir)) == 1


def test_internal_and_customer_comments_are_not_mailed(
    app: Support, sender: Mailer, mail_dir: Path
) -> None:
    t = ticket()
    comment(t, public=False)
    comment(t, kind="customer")
    record(app, t)
    assert sender.send_due() == 0
    assert not mail_dir.exists() or mails(mail_dir) == []


def test_acknowledgement_for_customer_channels_only(
    app: Support, sender: Mailer, mail_dir: Path
) -> None:
    record(app, ticket(channel="portal"))
    record(app, ticket(channel="phone"))
    assert sender.send_due() == 1
    [ack] = mails(mail_dir)
    assert ack["Subject"] == "[TT-2026-000042] Printer on fire"


def test_closing_mail_with_a_survey_link(app: Support, sender: Mailer, mail_dir: Path) -> None:
    t = ticket()
    t.events.clear()
    t.resolution = "Replaced the fuser."
    t.change_status("Closed", now=NOW, by="u1")
    record(app, t)
    sender.survey_url = lambda ticket_id: f"https://crm.local/survey/{ticket_id}?sig=x"
    assert sender.send_due() == 1
    [closing] = mails(mail_dir)
    assert closing["Subject"] == "[TT-2026-000042] Closed: Printer on fire"
    assert "Replaced the fuser." in closing.get_content()
    assert f"https://crm.local/survey/{t.id}?sig=x" in closing.get_content()


def test_no_address_is_skipped(app: Support, sender: Mailer) -> None:
    t = ticket(contact=None)
    comment(t)
    record(app, t)
    assert sender.send_due() == 0
    with app.db.reading() as session:
        assert session.execute(sa.select(mail_outbox.c.state)).scalar_one() == "skipped"


def test_smtp_down_is_retried_later_then_sent(
    app: Support, sender: Mailer, smtp: SmtpListener, mail_dir: Path
) -> None:
    t = ticket()
    comment(t)
    record(app, t)
    smtp.stop()
    assert sender.send_due() == 0
    with app.db.reading() as session:
        row = session.execute(sa.select(mail_outbox)).one()
    assert (row.state, row.attempts) == ("pending", 1)
    assert "smtp" in row.last_error
    restarted = sink("127.0.0.1", smtp.port, mail_dir)
    try:
        sender.clock = lambda: datetime.now(UTC) + (row.next_attempt_at - datetime.now(UTC)) * 2
        assert sender.send_due() == 1
    finally:
        restarted.stop()
    assert len(mails(mail_dir)) == 1


class KilledMidSend:
    """A worker killed while talking to the server, before its 250 (nothing delivered)."""

    @contextmanager
    def connect(self) -> Iterator[KilledMidSend]:
        yield self

    def send(self, message: object) -> None:
        raise KeyboardInterrupt


def test_worker_killed_mid_send_then_restarted_mails_once(
    app: Support, settings: Settings, smtp: SmtpListener, mail_dir: Path
) -> None:
    t = ticket()
    comment(t)
    record(app, t)
    with pytest.raises(KeyboardInterrupt):
        mailer(app, contacts=Contacts(), sender=KilledMidSend()).send_due()
    restarted = bootstrap(settings.model_copy(update={"smtp_port": smtp.port}))
    try:
        assert mailer(restarted, contacts=Contacts()).send_due() == 1
        # Restarted again: the sent record stops a second mail.
        assert mailer(restarted, contacts=Contacts()).send_due() == 0
    finally:
        restarted.db.dispose()
    assert len(mails(mail_dir)) == 1


def test_closing_mail_carries_a_working_survey_link(app: Support, mail_dir: Path) -> None:
    t = ticket()
    t.events.clear()
    t.change_status("Closed", now=NOW, by="u1")
    record(app, t)
    sender = mailer(app, contacts=Contacts(), survey_url=app.survey_links.url_for)
    assert sender.send_due() == 1
    [closing] = mails(mail_dir)
    link = next(w for w in closing.get_content().split() if "/feedback/" in w)
    assert app.survey_links.ticket_of(link.rsplit("/", 1)[1]) == t.id


class Slow:
    """The real sender, slowed inside the hand-off so two workers overlap."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    @contextmanager
    def connect(self) -> Iterator[Slow]:
        with self.inner.connect() as connection:
            self.connection = connection
            yield self

    def send(self, message: Any) -> None:
        time.sleep(0.3)
        self.connection.send(message)


def test_two_workers_at_once_send_one_mail(app: Support, mail_dir: Path) -> None:
    t = ticket()
    comment(t)
    record(app, t)
    workers = [mailer(app, contacts=Contacts()) for _ in range(2)]
    for worker in workers:
        worker.sender = Slow(worker.sender)
    with ThreadPoolExecutor(2) as pool:
        sent = list(pool.map(lambda w: w.send_due(), workers))
    assert sorted(sent) == [0, 1]
    assert len(mails(mail_dir)) == 1
