"""The fault ledger's doubled-effects count: every business key, one table, one query each."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_suite_testing import fault_ledger
from crm_suite_testing.fault_ledger import doubled_effects

TAG = "t1"

#: The effects as the services store them: per service, the tables the ledger reads.
SCHEMA = {
    "sales": [
        "CREATE TABLE leads (company TEXT, email TEXT)",
        "CREATE TABLE outbox (type TEXT, subject TEXT)",
    ],
    "contacts": ["CREATE TABLE accounts (name TEXT)"],
    "billing": [
        "CREATE TABLE invoices (quote_id TEXT)",
        "CREATE TABLE outbox (type TEXT, subject TEXT)",
    ],
    "support": [
        "CREATE TABLE tickets (title TEXT)",
        "CREATE TABLE outbox (type TEXT, subject TEXT)",
    ],
    "marketing": [
        "CREATE TABLE form_submissions (client_key TEXT)",
        "CREATE TABLE outbox (type TEXT, subject TEXT)",
    ],
}

#: (service, table, row) of one effect; each is written twice below, or once when ``alone``.
EFFECTS = [
    ("sales", "leads", {"company": f"FLT {TAG} c1", "email": "x@x.test"}),
    ("sales", "outbox", {"type": "sales.lead.converted.v1", "subject": "lead-1"}),
    ("sales", "outbox", {"type": "sales.quote.approved.v1", "subject": "quote-1"}),
    ("contacts", "accounts", {"name": f"FLT {TAG} a1"}),
    ("contacts", "accounts", {"name": f"FLTI {TAG} i1 row"}),
    ("billing", "invoices", {"quote_id": "quote-1"}),
    ("billing", "outbox", {"type": "billing.payment.received.v1", "subject": "pay-1"}),
    ("support", "tickets", {"title": f"FLT {TAG} t1"}),
    ("support", "outbox", {"type": "support.ticket.opened.v1", "subject": "ticket-1"}),
    ("marketing", "form_submissions", {"client_key": f"flt-{TAG}-f1"}),
    ("marketing", "outbox", {"type": "marketing.lead.captured.v1", "subject": "sub-1"}),
    ("sales", "leads", {"company": "Walk-in", "email": f"flt-{TAG}-f1@x.test"}),
    ("marketing", "outbox", {"type": "marketing.recipient.unsubscribed.v1", "subject": "r-1"}),
]

#: Rows that must not count: another case's tag, another event type, no quote.
NOISE = [
    ("sales", "leads", {"company": "FLT other c1", "email": "y@x.test"}),
    ("sales", "outbox", {"type": "sales.lead.created.v1", "subject": "lead-1"}),
    ("billing", "invoices", {"quote_id": None}),
    ("support", "tickets", {"title": f"FLT {TAG} x1"}),
]


@pytest.fixture(autouse=True)
def _sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger's engines are PostgreSQL's (a connect timeout): SQLite files here."""
    monkeypatch.setattr(fault_ledger, "_engine", sa.create_engine)


def _databases(tmp_path: Path, rows: list[tuple[str, str, dict]]) -> dict[str, str]:
    urls = {}
    for service, statements in SCHEMA.items():
        urls[service] = f"sqlite:///{tmp_path / service}.db"
        engine = sa.create_engine(urls[service])
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
            for where, table, row in rows:
                if where == service:
                    columns = ", ".join(row)
                    values = ", ".join(f":{c}" for c in row)
                    conn.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)
        engine.dispose()
    return urls


def test_each_effect_written_twice_counts_once_under_its_own_name(tmp_path: Path) -> None:
    urls = _databases(tmp_path, EFFECTS + EFFECTS + NOISE + NOISE)

    counts = doubled_effects(urls, TAG)

    assert list(counts) == [
        "leads per company",
        "conversion events per lead",
        "approval events per quote",
        "accounts per name",
        "invoices per quote",
        "payment events per payment",
        "tickets per title",
        "ticket opened events per ticket",
        "submissions per submission key",
        "lead captured events per submission",
        "sales leads per captured e-mail",
        "unsubscribe events per recipient",
    ]
    # "accounts per name" has two keys doubled (a traffic account and an imported one).
    assert counts == {name: 2 if name == "accounts per name" else 1 for name in counts}


def test_effects_written_once_count_nothing(tmp_path: Path) -> None:
    urls = _databases(tmp_path, EFFECTS + NOISE + NOISE)

    assert set(doubled_effects(urls, TAG).values()) == {0}
