"""Outbox backlog gauges, computed at scrape time from the outbox table (worker role)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.ops")


class OutboxCollector(Collector):
    """``crm_outbox_backlog`` and ``crm_outbox_oldest_age_seconds`` of one outbox table.

    One query on the partial index of unpublished rows: count and oldest creation time.
    A database that does not answer yields no samples (the scrape still succeeds, and the
    alert on an absent series is the database's own).
    """

    def __init__(self, db: Any, table: sa.Table) -> None:
        self.db = db
        self.table = table

    def collect(self) -> Iterator[GaugeMetricFamily]:
        t = self.table
        query = sa.select(sa.func.count(), sa.func.min(t.c.created_at)).where(
            t.c.published_at.is_(None)
        )
        try:
            with self.db.reading() as session:
                count, oldest = session.execute(query).one()
        except sa.exc.SQLAlchemyError as exc:
            log.warning("metrics.outbox_unavailable", error=repr(exc))
            return
        age = 0.0
        if oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
            age = max(0.0, (datetime.now(UTC) - oldest).total_seconds())
        yield GaugeMetricFamily("crm_outbox_backlog", "Outbox rows not yet published.", count)
        yield GaugeMetricFamily(
            "crm_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row.", age
        )
