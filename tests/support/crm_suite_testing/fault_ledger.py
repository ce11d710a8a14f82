"""The fault suite's ledger: both sides of every flow, and effects doubled or half done.

:data:`FLOWS` names each flow's producer, event type and consumers. The ledger reads the
databases: the events each producer wrote to its outbox since a case began (sent), those
every consumer recorded in its inbox (received; the broker's confirm for account events,
which no running service consumes), and the effects counted per business key (doubled:
more than one invoice per quote, account per imported name, lead per form submission, ...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

#: flow -> (producer, event type, every consumer; none: the broker's confirm is the receipt)
FLOWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "conversion": ("sales", "sales.lead.converted.v1", ("contacts", "marketing")),
    "lead created": ("sales", "sales.lead.created.v1", ("marketing",)),
    "approval": ("sales", "sales.quote.approved.v1", ("billing", "contacts")),
    "payment": ("billing", "billing.payment.received.v1", ("contacts", "sales")),
    # Imports' and conversions' accounts; no service here consumes it: the broker's confirm.
    "account created": ("contacts", "contacts.account.created.v1", ()),
    "ticket opened": ("support", "support.ticket.opened.v1", ("contacts",)),
    "campaign created": ("marketing", "marketing.campaign.created.v1", ("contacts",)),
    "web-form lead": ("marketing", "marketing.lead.captured.v1", ("sales", "marketing")),
    "unsubscribe": ("marketing", "marketing.recipient.unsubscribed.v1", ("contacts", "sales")),
}


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, pool_size=1, max_overflow=0, connect_args={"connect_timeout": 3})


def outbox_ids(url: str, event_type: str, since: datetime) -> list[tuple[str, str]]:
    """(event id, subject) of ``event_type`` written since ``since``."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, subject FROM outbox WHERE type = :t AND created_at >= :s"),
                {"t": event_type, "s": since},
            ).all()
    finally:
        engine.dispose()
    return [(r[0], r[1]) for r in rows]


def inbox_ids(url: str, ids: list[str]) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            found: set[str] = set()
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows = conn.execute(
                    sa.text(
                        "SELECT DISTINCT event_id FROM inbox WHERE event_id IN :ids"
                    ).bindparams(sa.bindparam("ids", expanding=True)),
                    {"ids": chunk},
                ).all()
                found.update(r[0] for r in rows)
    finally:
        engine.dispose()
    return found


def scalar(url: str, sql: str, **params: Any) -> int:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql), params).scalar() or 0)
    finally:
        engine.dispose()


def _events_per_subject(name: str, service: str, event_type: str) -> tuple[str, ...]:
    """Events of one type written more than once for the same subject (the producer's side)."""
    return (name, service, "outbox", "subject", f"type = '{event_type}'")


#: Effects counted per business key: (name, service, table, key column, which rows). The
#: rows' conditions take the case's tag through :func:`_tag_params`.
DOUBLED: tuple[tuple[str, ...], ...] = (
    ("leads per company", "sales", "leads", "company", "company LIKE :flt"),
    _events_per_subject("conversion events per lead", "sales", "sales.lead.converted.v1"),
    _events_per_subject("approval events per quote", "sales", "sales.quote.approved.v1"),
    ("accounts per name", "contacts", "accounts", "name", "name LIKE :flt OR name LIKE :flti"),
    ("invoices per quote", "billing", "invoices", "quote_id", "quote_id IS NOT NULL"),
    _events_per_subject("payment events per payment", "billing", "billing.payment.received.v1"),
    ("tickets per title", "support", "tickets", "title", "title LIKE :ticket"),
    _events_per_subject("ticket opened events per ticket", "support", "support.ticket.opened.v1"),
    (
        "submissions per submission key",
        "marketing",
        "form_submissions",
        "client_key",
        "client_key LIKE :form",
    ),
    _events_per_subject(
        "lead captured events per submission", "marketing", "marketing.lead.captured.v1"
    ),
    ("sales leads per captured e-mail", "sales", "leads", "email", "email LIKE :form"),
    _events_per_subject(
        "unsubscribe events per recipient", "marketing", "marketing.recipient.unsubscribed.v1"
    ),
)


def _tag_params(tag: str) -> dict[str, str]:
    return {
        "flt": f"FLT {tag} %",  # the traffic's leads and conversions' accounts
        "flti": f"FLTI {tag} %",  # imported accounts
        "ticket": f"FLT {tag} t%",
        "form": f"flt-{tag}-f%",  # web-form submissions and the leads they make
    }


def doubled_effects(db: dict[str, str], tag: str) -> dict[str, int]:
    """Business keys with more than one effect (each must be 0)."""
    params = _tag_params(tag)
    counts: dict[str, int] = {}
    for name, service, table, key, where in DOUBLED:
        sql = (
            f"SELECT count(*) FROM (SELECT {key} FROM {table} WHERE {where} "
            f"GROUP BY {key} HAVING count(*) > 1) d"
        )
        counts[name] = scalar(
            db[service], sql, **{k: v for k, v in params.items() if f":{k}" in sql}
        )
    return counts


def column(url: str, sql: str, **params: Any) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return {str(r[0]) for r in conn.execute(sa.text(sql), params)}
    finally:
        engine.dispose()


def half_written(db: dict[str, str], tag: str) -> dict[str, Any]:
    """Records a fault left half done (each must be 0 once the flows completed)."""
    like = f"FLT {tag} %"
    leads = column(db["sales"], "SELECT id FROM leads WHERE company LIKE :p", p=like)
    converted = column(
        db["sales"], "SELECT id FROM leads WHERE company LIKE :p AND converted", p=like
    )
    in_contacts = column(db["contacts"], "SELECT lead_id FROM lead_conversions") & leads
    partial_imports = scalar(
        db["contacts"],
        "SELECT count(*) FROM (SELECT substring(name from '^(FLTI [^ ]+ i[0-9]+) ') k "
        "FROM accounts WHERE name LIKE :p GROUP BY k HAVING count(*) <> 5) d",
        p=f"FLTI {tag} %",
    )
    return {
        "matched in contacts, lead not converted": sorted(in_contacts - converted),
        "lead converted, nothing in contacts": sorted(converted - in_contacts),
        "imports not all rows": partial_imports,
        **half_written_support_marketing(db, tag),
    }


# -- support's and marketing's side --------------------------------------------------------


def half_written_support_marketing(db: dict[str, str], tag: str) -> dict[str, Any]:
    """Effects a fault left undone once the flows completed (each must be empty or 0)."""
    unsubscribed = column(
        db["marketing"],
        "SELECT address FROM suppressions WHERE address LIKE :p AND reason = 'unsubscribed'",
        p=f"flt-{tag}-u%",
    )
    opted_out = column(
        db["contacts"],
        "SELECT lower(email) FROM contacts WHERE email LIKE :p AND email_opt_out",
        p=f"flt-{tag}-u%",
    ) | column(
        db["sales"],
        "SELECT lower(email) FROM leads WHERE email LIKE :p AND email_opt_out",
        p=f"flt-{tag}-u%",
    )
    accepted = scalar(
        db["marketing"],
        "SELECT count(*) FROM form_submissions WHERE client_key LIKE :p AND status = 'accepted'",
        p=f"flt-{tag}-f%",
    )
    leads = scalar(
        db["sales"],
        "SELECT count(DISTINCT email) FROM leads WHERE email LIKE :p",
        p=f"flt-{tag}-f%",
    )
    return {
        "unsubscribed, not opted out": sorted(unsubscribed - opted_out),
        "submissions accepted without a lead": max(0, accepted - leads),
    }
