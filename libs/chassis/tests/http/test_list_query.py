"""ListQuery: ``updated_since`` without an offset is read as UTC (it reached UTC columns
naive, a 500 on every service's lists)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from crm_chassis.http import ListQuery


def test_updated_since_without_an_offset_is_utc() -> None:
    naive = ListQuery.model_validate({"updated_since": "2026-01-01T00:00:00"})
    assert naive.updated_since == datetime(2026, 1, 1, tzinfo=UTC)
    plus_two = ListQuery.model_validate({"updated_since": "2026-01-01T00:00:00+02:00"})
    assert plus_two.updated_since.tzinfo == timezone(timedelta(hours=2))
    assert ListQuery.model_validate({}).updated_since is None
