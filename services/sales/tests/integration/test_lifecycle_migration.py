"""Revision 0004_lifecycle repairs rows an older version let contradict their status."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.db import utcnow
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import postgres_base
from crm_sales.adapters import tables as t
from crm_sales.config import MIGRATIONS_DIR


@pytest.fixture
def v2_url(database_url: Any, tmp_path: Path) -> str:
    if postgres_base() is None:
        return f"sqlite:///{tmp_path / 'sales-v2.db'}"
    return database_url("sales_v2")


def _opportunity(conn: sa.Connection, stage: str, probability: int) -> uuid.UUID:
    opp_id, now = uuid.uuid4(), utcnow()
    conn.execute(
        sa.insert(t.opportunities).values(
            id=opp_id,
            name="Deal",
            currency="EUR",
            sales_stage=stage,
            probability=probability,
            search_text="deal",
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    return opp_id


def _lead(conn: sa.Connection, status: str, is_prospect: bool) -> uuid.UUID:
    lead_id, now = uuid.uuid4(), utcnow()
    conn.execute(
        sa.insert(t.leads).values(
            id=lead_id,
            last_name="L",
            lead_status=status,
            tags=[],
            score=0,
            is_prospect=is_prospect,
            possible_duplicate=False,
            converted=False,
            name_key="l|",
            search_text="l",
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    return lead_id


def test_upgrading_makes_derived_fields_agree_with_the_status(v2_url: str) -> None:
    upgrade(MIGRATIONS_DIR, v2_url, "0002")
    engine = sa.create_engine(v2_url)
    try:
        with engine.begin() as conn:
            lost = _opportunity(conn, "Closed Lost", 90)
            won = _opportunity(conn, "Closed Won", 40)
            open_ = _opportunity(conn, "Negotiation/Review", 70)
            back = _lead(conn, "Not Contacted", True)
            qualified = _lead(conn, "Qualified", False)
            hot = _lead(conn, "Hot", False)
        upgrade(MIGRATIONS_DIR, v2_url)
        with engine.connect() as conn:
            o, ld = t.opportunities, t.leads
            probability = dict(conn.execute(sa.select(o.c.id, o.c.probability)).all())
            leads = {
                r.id: (r.lead_status, r.is_prospect)
                for r in conn.execute(sa.select(ld.c.id, ld.c.lead_status, ld.c.is_prospect))
            }
    finally:
        engine.dispose()
    assert [probability[i] for i in (lost, won, open_)] == [0, 100, 70]
    assert [leads[i] for i in (back, qualified, hot)] == [
        ("Qualified", True),
        ("Qualified", True),
        ("Hot", False),
    ]
