"""The send job against a real SMTP server (the chassis's aiosmtpd sink on a free port):
one message per recipient with the RFC 8058 headers, consent skips, bounces, pause, caps."""

from __future__ import annotations

import email
from collections import Counter
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.smtp import SmtpListener
from crm_chassis.smtp.listener import SmtpListener as Listener
from crm_chassis.smtp.sink import MailSink, sink
from crm_chassis.testing.processes import free_port
from crm_marketing.adapters.mailing_fakes import audience, scheduled_mailing, templates
from crm_marketing.adapters.mailing_tables import mailing_recipients
from crm_marketing.bootstrap import Marketing, bootstrap, mass_mailer
from crm_marketing.config import Settings
from crm_marketing.service.mass_mail import MassMailer


def messages(folder: Path) -> list[Any]:
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def smtp(mail_dir: Path) -> Iterator[SmtpListener]:
    listener = sink("127.0.0.1", free_port(), mail_dir)
    yield listener
    listener.stop()


def wired(settings: Settings, port: int, count: int, opted_out: int = 0) -> Marketing:
    return bootstrap(
        settings.model_copy(update={"smtp_port": port}),
        recipients=audience(count, opted_out=opted_out),
        templates=templates(),
    )


@pytest.fixture
def app(settings: Settings, smtp: SmtpListener) -> Iterator[Marketing]:
    wired_app = wired(settings, smtp.port, 12, opted_out=2)
    yield wired_app
    wired_app.db.dispose()


def rows(app: Marketing) -> list[Any]:
    with app.db.reading() as session:
        return list(session.execute(sa.select(mailing_recipients)))


def test_each_recipient_gets_one_message_with_the_unsubscribe_headers(app, mail_dir):
    mailing_id = scheduled_mailing(app.db, batch_size=5)
    job = mass_mailer(app)
    assert job.run_until_done(mailing_id) == 12
    got = messages(mail_dir)
    assert sorted(Counter(str(m["To"]) for m in got).values()) == [1] * 12
    first = got[0]
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = str(first["List-Unsubscribe"]).split(", ")
    assert https.startswith("<http://localhost:8080/api/marketing/v1/unsubscribe/")
    assert mailto.startswith("<mailto:unsubscribe@marketing.crm.local?subject=unsubscribe")
    html = first.get_body(("html",)).get_content()
    assert "/api/marketing/v1/t/c/" in html and "shop.example.com" not in html
    assert "/api/marketing/v1/t/o/" in html and "Unsubscribe</a>" in html
    assert "Unsubscribe: http" in first.get_body(("plain",)).get_content()
    statuses = Counter((r.status, r.reason) for r in rows(app))
    assert statuses == {("sent", None): 12, ("skipped", "email_opt_out"): 2}
    assert job.run_once() == 0  # Sent: nothing more goes out
    assert len(messages(mail_dir)) == 12


def test_tracking_off_sends_plain_links_and_no_pixel(app, mail_dir):
    mailing_id = scheduled_mailing(app.db, track_opens=False, track_clicks=False)
    mass_mailer(app).run_until_done(mailing_id)
    html = messages(mail_dir)[0].get_body(("html",)).get_content()
    assert "https://shop.example.com/offer?a=1&amp;b=2" in html
    assert "/t/o/" not in html and "/t/c/" not in html


def test_the_per_minute_cap_holds_a_round_back(app, mail_dir):
    mailing_id = scheduled_mailing(app.db, per_minute=5, batch_size=100)
    job = mass_mailer(app)
    assert job.run_once() == 5
    assert job.run_once() == 0  # the window is full for the next minute
    assert len(messages(mail_dir)) == 5
    assert Counter(r.status for r in rows(app))["queued"] == 7
    del mailing_id


def test_a_refused_recipient_is_bounced_and_the_rest_go_out(settings, tmp_path):
    folder = tmp_path / "mail"
    listener = Listener(
        "127.0.0.1",
        free_port(),
        accepts=lambda rcpt: not rcpt.startswith("person3@"),
        deliver=MailSink(folder),
    ).start()
    app = wired(settings, listener.port, 6)
    try:
        mailing_id = scheduled_mailing(app.db)
        assert mass_mailer(app).run_until_done(mailing_id) == 5
        bounced = [r for r in rows(app) if r.status == "bounced"]
        assert [r.address for r in bounced] == ["person3@example.com"]
        assert len(messages(folder)) == 5
    finally:
        listener.stop()
        app.db.dispose()


def test_a_paused_mailing_sends_nothing_more_until_resumed(app, mail_dir):
    from crm_marketing.adapters.mailing_store import MailingStore

    mailing_id = scheduled_mailing(app.db, batch_size=4)
    job: MassMailer = mass_mailer(app)
    assert job.run_once() == 4
    with app.db.transaction() as session:
        store = MailingStore(session)
        mailing = store.get(mailing_id)
        mailing.pause(mailing.updated_at)
        store.save(mailing)
    assert job.run_once() == 0
    with app.db.transaction() as session:
        store = MailingStore(session)
        mailing = store.get(mailing_id)
        mailing.schedule(mailing.updated_at)
        store.save(mailing)
    assert job.run_until_done(mailing_id) == 8
    assert len(messages(mail_dir)) == 12


def test_a_mailing_whose_audience_fails_does_not_hold_up_the_others(app, mail_dir):
    from uuid import UUID

    broken = scheduled_mailing(app.db, audience_id=UUID(int=999))  # no such list
    good = scheduled_mailing(app.db)
    job = mass_mailer(app)
    assert job.run_once() == 12
    assert len(messages(mail_dir)) == 12
    with app.db.reading() as session:
        from crm_marketing.adapters.mailing_store import MailingStore

        store = MailingStore(session)
        assert store.get(broken).status == "Sending"  # retried on the next tick
        assert store.get(good).status in ("Sending", "Sent")
