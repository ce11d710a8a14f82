"""A gauge read from the database at scrape time: one scalar query, one sample.

For a service's own backlog (support's open SLA breaches) without a timer or a counter to
keep in step: the query is the truth, asked when Prometheus asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.ops")


class QueryGauge(Collector):
    """``name`` = the scalar ``query`` returns (in a read transaction of ``db``)."""

    def __init__(self, db: Any, name: str, documentation: str, query: sa.Select[Any]) -> None:
        self.db, self.name, self.documentation, self.query = db, name, documentation, query

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            with self.db.reading() as session:
                value = session.execute(self.query).scalar() or 0
        except sa.exc.SQLAlchemyError as exc:
            log.warning("metrics.query_failed", metric=self.name, error=repr(exc))
            return
        yield GaugeMetricFamily(self.name, self.documentation, float(value))
