"""Stateful property test of case 18 on the use cases (SQLite, through the REST API):
random creates, backdated creates, date edits, cancellations and days passing; after every
step the open invoices' numbers follow their dates and the series stays gap-free."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from crm_billing.adapters.tables import invoices
from tests.conftest import API, TODAY, invoice_body


def test_numbers_always_follow_dates(client, admin, account_id, service, clock):
    clock.set(TODAY)

    class Numbering(RuleBasedStateMachine):
        @rule(back=st.integers(min_value=-2, max_value=20))
        def create(self, back: int) -> None:
            day = clock.today() - timedelta(days=back)
            body = invoice_body(account_id, invoice_date=day.isoformat())
            answer = client.post(f"{API}/invoices", json=body, headers=admin)
            assert answer.status_code in (201, 422), answer.get_json()
            if answer.status_code == 422:
                assert [e["field"] for e in answer.get_json()["errors"]] == ["invoice_date"]

        @rule(pick=st.integers(min_value=0), back=st.integers(min_value=-2, max_value=20))
        def move_a_draft(self, pick: int, back: int) -> None:
            drafts = _rows(service, status="Created")
            if drafts:
                row = drafts[pick % len(drafts)]
                day = (clock.today() - timedelta(days=back)).isoformat()
                answer = client.patch(
                    f"{API}/invoices/{row.id}", json={"invoice_date": day}, headers=admin
                )
                assert answer.status_code in (200, 422), answer.get_json()

        @rule(pick=st.integers(min_value=0))
        def cancel(self, pick: int) -> None:
            drafts = _rows(service, status="Created")
            if drafts:
                row = drafts[pick % len(drafts)]
                answer = client.post(f"{API}/invoices/{row.id}/cancel", headers=admin)
                assert answer.status_code == 200

        @rule(days=st.integers(min_value=1, max_value=5))
        def time_passes(self, days: int) -> None:
            clock.set(clock.today() + timedelta(days=days))

        @invariant()
        def numbers_follow_dates(self) -> None:
            for rows in _series(service).values():
                live = [r for r in rows if r.status != "Cancelled"]
                dates = [r.invoice_date for r in live]
                assert dates == sorted(dates), [(r.number, r.invoice_date) for r in live]
                assert all(r.invoice_date <= clock.today() for r in live)

        @invariant()
        def the_series_is_gap_free(self) -> None:
            for rows in _series(service).values():
                numbers = [int(r.number.rsplit("-", 1)[1]) for r in rows]
                assert numbers == list(range(1, len(numbers) + 1))

    run_state_machine_as_test(
        Numbering, settings=settings(max_examples=15, stateful_step_count=12, deadline=None)
    )


def _rows(service, status: str | None = None):
    stmt = sa.select(invoices.c.id, invoices.c.number, invoices.c.invoice_date, invoices.c.status)
    if status:
        stmt = stmt.where(invoices.c.status == status)
    with service.db.reading() as s:
        return s.execute(stmt.order_by(invoices.c.number)).all()


def _series(service):
    found: dict[str, list] = {}
    for row in _rows(service):
        found.setdefault(row.number.rsplit("-", 1)[0], []).append(row)
    return found
