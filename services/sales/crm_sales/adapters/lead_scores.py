"""Lead scores kept fresh: the scoring version, and bulk rescoring in batches (case 4).

The scoring version is a row of ``counters`` bumped in the transaction that changes a
rule. Leads scored with an older version are read a batch at a time (by the index on
``scored_version``) and written back with one executemany UPDATE per batch, guarded by
each lead's ``version`` (a lead a user changed meanwhile is left for the next pass, which
sees its new fields) and by ``scored_version`` (running twice writes nothing twice).
A rescore changes a derived field only: neither ``version`` nor ``updated_at`` moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.adapters.rule_repositories import Counters
from crm_sales.domain.leads import Lead
from crm_sales.domain.scoring import VERSION_SETTING


@cache
def _version() -> sa.Select:
    # Built once: every lead captured reads the version (its cache key was computed per read).
    c = t.counters
    return sa.select(c.c.value).where(c.c.series == VERSION_SETTING)


class LeadScores:
    def __init__(self, session: Session) -> None:
        self.session = session

    def version(self) -> int:
        """How many times the scoring rules changed. Read it before the rules: a change
        committing in between then leaves the lead marked older, to be rescored."""
        row = self.session.execute(_version()).first()
        return int(row.value) if row is not None else 0

    def bump(self) -> int:
        """Count one more change of the scoring rules (the counter's row lock orders them)."""
        return Counters(self.session).next(VERSION_SETTING)

    def outdated(self, version: int, limit: int) -> list[Lead]:
        """Up to ``limit`` leads scored with a version older than ``version``."""
        stmt = (
            sa.select(t.leads)
            .where(t.leads.c.scored_version < version)
            .order_by(t.leads.c.scored_version, t.leads.c.id)
            .limit(limit)
        )
        return [rows.build(Lead, r) for r in self.session.execute(stmt)]

    def write(self, leads: Sequence[Lead]) -> int:
        """Store the new scores of ``leads`` at once; return how many rows took them."""
        if not leads:
            return 0
        c = t.leads.c
        stmt = (
            sa.update(t.leads)
            .where(
                c.id == sa.bindparam("lead_id"),
                c.version == sa.bindparam("lead_version"),
                c.scored_version < sa.bindparam("new_version"),
            )
            .values(
                score=sa.bindparam("new_score"),
                score_breakdown=sa.bindparam("new_breakdown"),
                scored_version=sa.bindparam("new_version"),
            )
        )
        params: list[dict[str, Any]] = [
            {
                "lead_id": lead.id,
                "lead_version": lead.version,
                "new_score": lead.score,
                "new_breakdown": list(lead.score_breakdown),
                "new_version": lead.scored_version,
            }
            for lead in leads
        ]
        result = self.session.execute(stmt, params)
        return max(result.rowcount, 0)
