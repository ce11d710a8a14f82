"""A key whose request was killed (no answer recorded) is taken over once that request can
no longer be running: the serving timeout plus a margin, not a fixed minute (issue 15)."""

from __future__ import annotations

import importlib
import threading
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Response

from crm_chassis.config import ServiceSettings
from crm_chassis.db import utcnow
from crm_chassis.errors import Conflict
from crm_chassis.http.timeouts import IDEMPOTENCY_STALE_AFTER, REQUEST_TIMEOUT

NOTES = "/api/notes/v1/notes"
# The module (crm_chassis.http re-exports its function under the same name).
serving = importlib.import_module("crm_chassis.http.serve")


def _killed(app: Any, key: str, age: timedelta) -> None:
    """Turn the key's record into the reservation of a request killed ``age`` ago."""
    store = app.extensions["crm"].idempotency
    with store.db.transaction() as s:
        s.execute(
            store.table.update()
            .where(store.table.c.key == key)
            .values(status=None, body=None, completed_at=None, created_at=utcnow() - age)
        )


def test_gunicorn_is_given_the_timeout_the_takeover_is_derived_from(monkeypatch):
    seen: dict[str, Any] = {}

    class FakeGunicorn:
        def __init__(self, _factory: Any, options: dict[str, Any]) -> None:
            seen.update(options)

        def run(self) -> None:
            return None

    monkeypatch.setattr(serving, "_Gunicorn", FakeGunicorn)
    serving.serve(lambda: None, ServiceSettings(service_name="notes"))  # type: ignore[arg-type]
    assert seen["timeout"] == REQUEST_TIMEOUT.total_seconds()
    assert REQUEST_TIMEOUT < IDEMPOTENCY_STALE_AFTER <= REQUEST_TIMEOUT + timedelta(seconds=10)


def test_the_store_defaults_to_the_serving_stale_time(app):
    assert app.extensions["crm"].idempotency.stale_after == IDEMPOTENCY_STALE_AFTER


@pytest.mark.parametrize(
    "age",
    [timedelta(0), REQUEST_TIMEOUT, IDEMPOTENCY_STALE_AFTER - timedelta(seconds=1)],
    ids=["just-reserved", "at-the-timeout", "just-before-stale"],
)
def test_a_retry_while_the_first_could_still_run_is_409(app, client, admin, age):
    headers = {**admin, "Idempotency-Key": "k-killed"}
    assert client.post(NOTES, json={"title": "once"}, headers=headers).status_code == 201
    _killed(app, "k-killed", age)
    retry = client.post(NOTES, json={"title": "once"}, headers=headers)
    assert retry.status_code == 409
    assert retry.headers["Content-Type"] == "application/problem+json"
    assert app.config["calls"]["create"] == 1


@pytest.mark.parametrize(
    "age",
    [IDEMPOTENCY_STALE_AFTER + timedelta(seconds=1), timedelta(seconds=59)],
    ids=["just-stale", "before-the-old-60s"],
)
def test_a_retry_after_the_killed_request_timed_out_runs_again(app, client, admin, age):
    headers = {**admin, "Idempotency-Key": "k-killed"}
    assert client.post(NOTES, json={"title": "once"}, headers=headers).status_code == 201
    _killed(app, "k-killed", age)
    retry = client.post(NOTES, json={"title": "once"}, headers=headers)
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry.headers
    assert app.config["calls"]["create"] == 2
    # ... and its answer is the one kept now.
    again = client.post(NOTES, json={"title": "once"}, headers=headers)
    assert again.get_json() == retry.get_json() and again.headers["Idempotent-Replayed"]
    store = app.extensions["crm"].idempotency
    with store.db.reading() as s:
        count = s.execute(sa.select(sa.func.count()).select_from(store.table)).scalar_one()
    assert count == 1


def test_a_request_still_running_keeps_its_key_so_no_retry_takes_it_over(app):
    """gthread workers do not kill a slow request at the timeout: it renews its reservation."""
    store = app.extensions["crm"].idempotency
    store.renew_every = timedelta(milliseconds=5)
    seen: dict[str, Any] = {}

    def reserved_at() -> Any:
        with store.db.reading() as s:
            return s.execute(sa.select(store.table.c.created_at)).scalar_one()

    def slow() -> Response:
        # As if it had been running for an hour.
        long_ago = utcnow() - timedelta(hours=1)
        with store.db.transaction() as s:
            s.execute(store.table.update().values(created_at=long_ago))
        pause = threading.Event()
        for _ in range(500):
            if reserved_at() > long_ago:
                break
            pause.wait(0.01)
        seen["renewed"] = reserved_at() > long_ago
        with pytest.raises(Conflict):  # a retry now: 409, not a second run
            store.run("k-slow", lambda: Response("second", status=201))
        return Response("first", status=201)

    with app.test_request_context(NOTES, method="POST", json={"title": "slow"}):
        answer = store.run("k-slow", slow)
    assert answer.status_code == 201 and answer.get_data() == b"first"
    assert seen["renewed"] is True
