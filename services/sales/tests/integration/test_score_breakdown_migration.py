"""Revision 0003_rules: leads stored before it get their breakdown from the worker's first
rescoring pass (the scoring version starts at 1, theirs at 0)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.db import Database, utcnow
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import postgres_base
from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.bootstrap import bootstrap
from crm_sales.config import MIGRATIONS_DIR, Settings
from crm_sales.domain.commands import RescoreLeads
from crm_sales.domain.leads import Lead

# Lead columns added after revision 0002 (0003: the breakdown; 0005: the e-mail opt-out;
# 0006: do not contact).
NEW = {"score_breakdown", "scored_version", "email_opt_out", "do_not_contact"}


@pytest.fixture
def v2_url(database_url: Any, tmp_path: Path) -> str:
    if postgres_base() is None:
        return f"sqlite:///{tmp_path / 'sales-v2.db'}"
    return database_url("sales_v2")


def test_old_leads_get_their_breakdown_after_the_upgrade(v2_url: str, settings: Settings) -> None:
    upgrade(MIGRATIONS_DIR, v2_url, "0002")
    now, lead_id, rule_id = utcnow(), uuid.uuid4(), uuid.uuid4()
    old = Lead(id=lead_id, last_name="Old", industry="Banking", created_at=now, updated_at=now)
    engine = sa.create_engine(v2_url)
    try:
        with engine.begin() as conn:
            values = {k: v for k, v in rows.values(old, t.leads).items() if k not in NEW}
            conn.execute(sa.insert(t.leads).values(**values))
            conn.execute(
                sa.insert(t.scoring_rules).values(
                    id=rule_id,
                    name="Banks",
                    field="industry",
                    operator="equals",
                    value="Banking",
                    points=7,
                    active=True,
                )
            )
    finally:
        engine.dispose()
    upgrade(MIGRATIONS_DIR, v2_url)
    service = bootstrap(settings.model_copy(update={"database_url": v2_url}), db=Database(v2_url))
    try:
        assert service.run(RescoreLeads()) == 1
        assert service.run(RescoreLeads()) == 0
        with service.db.reading() as session:
            row = session.execute(sa.select(t.leads).where(t.leads.c.id == lead_id)).one()
    finally:
        service.db.dispose()
    assert row.score == 7 and row.scored_version == 1
    assert row.score_breakdown == [{"rule_id": str(rule_id), "name": "Banks", "points": 7}]
