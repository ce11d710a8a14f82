"""Tables of service contracts, feedback and the statistics facts (migration 0006).

Kept apart from ``tables.py`` (the tickets') so the support helpers merge without conflicts;
they share its ``metadata``. Units are decimal strings (exact on SQLite and PostgreSQL).

``ticket_facts`` holds, per closed ticket, what the statistics read: business minutes to the
first response and to the resolution, computed once when the ticket closes (so a report
never replays history), the SLA outcome, and who owned it (agent and team). Its indexes
cover the reports' WHERE and GROUP BY columns (``tests/integration/test_report_plans.py``
checks that PostgreSQL uses them).
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.columns import stamp_columns
from crm_chassis.db.types import UTCDateTime
from crm_support.adapters.tables import metadata, tickets

contract_numbers = sa.Table(
    "contract_numbers",
    metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

service_contracts = sa.Table(
    "service_contracts",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("account_id", sa.Uuid, nullable=False, index=True),
    sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
    sa.Column("subject", sa.String(255), nullable=False),
    sa.Column("contract_type", sa.String(50)),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("sla_policy_id", sa.Uuid),
    sa.Column("tracking_unit", sa.String(20), nullable=False),
    sa.Column("total_units", sa.String(40)),
    sa.Column("review_date", sa.Date),
    sa.Column("description", sa.Text),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("exhausted_at", UTCDateTime),
    sa.Column("expired_at", UTCDateTime),
    sa.Column("review_notified_for", sa.Date),
    sa.Column("created_by", sa.Uuid),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    # The scheduled check walks contracts that are not final.
    sa.Index("ix_service_contracts_status_end_date", "status", "end_date"),
)

ticket_feedback = sa.Table(
    "ticket_feedback",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    # One answer per ticket: the unique key refuses a second one, even a concurrent one.
    sa.Column("ticket_id", sa.Uuid, nullable=False, unique=True),
    sa.Column("ticket_number", sa.String(30), nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("account_id", sa.Uuid),
    sa.Column("contact_id", sa.Uuid),
    # The ticket's owner (a user or a group), for record access; agent or group credited.
    sa.Column("owner_id", sa.Uuid),
    sa.Column("agent_id", sa.Uuid),
    sa.Column("team_id", sa.Uuid),
    sa.Column("team_kind", sa.String(10)),
    sa.Column("given_by", sa.String(64)),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_ticket_feedback_created_at", "created_at"),
)

ticket_facts = sa.Table(
    "ticket_facts",
    metadata,
    sa.Column("ticket_id", sa.Uuid, primary_key=True),
    sa.Column("account_id", sa.Uuid),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("agent_id", sa.Uuid),
    sa.Column("team_id", sa.Uuid),
    sa.Column("team_kind", sa.String(10)),
    sa.Column("priority", sa.String(30)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=False),
    # Business minutes (the ticket's SLA calendar); None when nobody answered publicly.
    sa.Column("first_response_minutes", sa.Integer),
    sa.Column("resolution_minutes", sa.Integer, nullable=False),
    sa.Column("sla_breached", sa.Boolean),
    # The ticket's satisfaction score, copied here when either the facts or the feedback
    # come second, so the reports never join the feedback table.
    sa.Column("score", sa.SmallInteger),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Index("ix_ticket_facts_closed_at", "closed_at"),
    sa.Index("ix_ticket_facts_agent_id_closed_at", "agent_id", "closed_at"),
    sa.Index("ix_ticket_facts_team_id_closed_at", "team_id", "closed_at"),
)

# Indexes of h/tickets' table that the reports and contract usage need (created in 0006).
# Open tickets (a few percent of all): a partial index of them only, covering on PostgreSQL
# what the open-ticket reports group by, so they are an index-only scan (at a million
# tickets: 23 ms instead of 180 ms for the heap's scattered pages). The reports write the
# statuses as literals (OPEN_TICKETS_SQL) so both engines can match the index's predicate.
OPEN_TICKETS_SQL = "status IN ('Open', 'In Progress', 'Wait For Response')"
sa.Index(
    "ix_tickets_open_report",
    tickets.c.status,
    tickets.c.created_at,
    postgresql_include=["priority", "owner_id", "owner_kind"],
    postgresql_where=sa.text(OPEN_TICKETS_SQL),
    sqlite_where=sa.text(OPEN_TICKETS_SQL),
)
# Contract usage: an account's tickets created in a contract period.
sa.Index("ix_tickets_account_id_created_at", tickets.c.account_id, tickets.c.created_at)
# The facts recorder finds newly closed tickets by closed_at (a watermark), not by a scan.
sa.Index("ix_tickets_closed_at", tickets.c.closed_at)
