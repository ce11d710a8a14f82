"""Sales's rules, settings and number series: small tables read and written by key."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_sales.adapters import rows
from crm_sales.adapters import tables as t
from crm_sales.domain.assignment import AssignmentRule
from crm_sales.domain.scoring import ScoringRule


@cache
def _scoring(active_only: bool) -> sa.Select:
    # Built once: every lead captured reads the rules (its cache key was computed per read).
    table = t.scoring_rules
    stmt = sa.select(table).order_by(table.c.field, table.c.id)
    return stmt.where(table.c.active.is_(True)) if active_only else stmt


class RuleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def scoring(self, *, active_only: bool = True) -> list[ScoringRule]:
        """Scoring rules (the active ones), by field."""
        return [rows.build(ScoringRule, r) for r in self.session.execute(_scoring(active_only))]

    def assignment(self, *, lock: bool = False, active_only: bool = True) -> list[AssignmentRule]:
        """Assignment rules (the active ones), by priority; ``lock`` to move a round robin."""
        table = t.assignment_rules
        stmt = sa.select(table).order_by(table.c.priority, table.c.id)
        if active_only:
            stmt = stmt.where(table.c.active.is_(True))
        found = self.session.execute(stmt.with_for_update() if lock else stmt)
        return [AssignmentRule(**dict(r._mapping)) for r in found]

    def add_scoring(self, rule: ScoringRule) -> None:
        self.session.execute(sa.insert(t.scoring_rules).values(**asdict(rule)))

    def add_assignment(self, rule: AssignmentRule) -> None:
        self.session.execute(sa.insert(t.assignment_rules).values(**asdict(rule)))

    def scoring_rule(self, rule_id: UUID) -> ScoringRule | None:
        row = self.session.execute(
            sa.select(t.scoring_rules).where(t.scoring_rules.c.id == rule_id).with_for_update()
        ).first()
        return None if row is None else rows.build(ScoringRule, row)

    def save_scoring(self, rule: ScoringRule) -> None:
        table = t.scoring_rules
        self.session.execute(sa.update(table).where(table.c.id == rule.id).values(**asdict(rule)))

    def delete_scoring(self, rule_id: UUID) -> bool:
        return self._delete(t.scoring_rules, rule_id)

    def delete_assignment(self, rule_id: UUID) -> bool:
        return self._delete(t.assignment_rules, rule_id)

    def _delete(self, table: sa.Table, rule_id: UUID) -> bool:
        return bool(self.session.execute(sa.delete(table).where(table.c.id == rule_id)).rowcount)

    def save_cursor(self, rule: AssignmentRule) -> None:
        self.session.execute(
            sa.update(t.assignment_rules)
            .where(t.assignment_rules.c.id == rule.id)
            .values(cursor=rule.cursor)
        )


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Any:
        row = self.session.execute(
            sa.select(t.settings_rows.c.value).where(t.settings_rows.c.key == key)
        ).first()
        return None if row is None else row.value

    def put(self, key: str, value: Any, *, now: Any, by: str) -> None:
        s = t.settings_rows
        updated = self.session.execute(
            sa.update(s).where(s.c.key == key).values(value=value, updated_at=now, updated_by=by)
        )
        if updated.rowcount == 0:
            self.session.execute(
                sa.insert(s).values(key=key, value=value, updated_at=now, updated_by=by)
            )


class Counters:
    """Gap-free numbers: the series row is incremented inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next(self, series: str) -> int:
        c = t.counters
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert(c) if dialect == "postgresql" else sqlite.insert(c)
        self.session.execute(
            insert.values(series=series, value=0).on_conflict_do_nothing(index_elements=["series"])
        )
        # The UPDATE takes the row lock; concurrent creators queue here until we commit.
        self.session.execute(sa.update(c).where(c.c.series == series).values(value=c.c.value + 1))
        return int(
            self.session.execute(sa.select(c.c.value).where(c.c.series == series)).scalar_one()
        )
