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


_PER_SUBJECT = (
    "SELECT count(*) FROM (SELECT subject FROM outbox WHERE type = :t "
    "GROUP BY subject HAVING count(*) > 1) d"
)


def doubled_effects(db: dict[str, str], tag: str) -> dict[str, int]:
    """Business keys with more than one effect (each must be 0)."""
    like = f"FLT {tag} %"
    return {
        "leads per company": scalar(
            db["sales"],
            "SELECT count(*) FROM (SELECT company FROM leads WHERE company LIKE :p "
            "GROUP BY company HAVING count(*) > 1) d",
            p=like,
        ),
        "conversion events per lead": scalar(
            db["sales"],
            _PER_SUBJECT,
            t="sales.lead.converted.v1",
        ),
        "approval events per quote": scalar(
            db["sales"],
            _PER_SUBJECT,
            t="sales.quote.approved.v1",
        ),
        "accounts per name": scalar(
            db["contacts"],
            "SELECT count(*) FROM (SELECT name FROM accounts WHERE name LIKE :p OR name LIKE :q "
            "GROUP BY name HAVING count(*) > 1) d",
            p=like,
            q=f"FLTI {tag} %",
        ),
        "invoices per quote": scalar(
            db["billing"],
            "SELECT count(*) FROM (SELECT quote_id FROM invoices WHERE quote_id IS NOT NULL "
            "GROUP BY quote_id HAVING count(*) > 1) d",
        ),
        "payment events per payment": scalar(
            db["billing"],
            _PER_SUBJECT,
            t="billing.payment.received.v1",
        ),
        **doubled_support_marketing(db, tag),
    }


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


# -- their side of the ledger ---------------------------------------------------------------


def doubled_support_marketing(db: dict[str, str], tag: str) -> dict[str, int]:
    """Business keys of support and marketing with more than one effect (each must be 0)."""
    captured = f"flt-{tag}-f%"
    return {
        "tickets per title": scalar(
            db["support"],
            "SELECT count(*) FROM (SELECT title FROM tickets WHERE title LIKE :p "
            "GROUP BY title HAVING count(*) > 1) d",
            p=f"FLT {tag} t%",
        ),
        "ticket opened events per ticket": scalar(
            db["support"], _PER_SUBJECT, t="support.ticket.opened.v1"
        ),
        "submissions per submission key": scalar(
            db["marketing"],
            "SELECT count(*) FROM (SELECT client_key FROM form_submissions "
            "WHERE client_key LIKE :p GROUP BY client_key HAVING count(*) > 1) d",
            p=captured,
        ),
        "lead captured events per submission": scalar(
            db["marketing"], _PER_SUBJECT, t="marketing.lead.captured.v1"
        ),
        "sales leads per captured e-mail": scalar(
            db["sales"],
            "SELECT count(*) FROM (SELECT email FROM leads WHERE email LIKE :p "
            "GROUP BY email HAVING count(*) > 1) d",
            p=captured,
        ),
        "unsubscribe events per recipient": scalar(
            db["marketing"], _PER_SUBJECT, t="marketing.recipient.unsubscribed.v1"
        ),
    }


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
