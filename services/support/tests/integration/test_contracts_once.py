"""Once-only under concurrency: two contract checks at the same moment announce an
exhaustion once; two answers to one survey at the same moment store one (the other 409)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from crm_chassis.errors import Conflict
from crm_support.domain.contract_commands import CheckContracts, GiveFeedback
from crm_support.domain.contracts import ContractFields, ServiceContract

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _together(*jobs: Any) -> list[Any]:
    """Run the jobs in threads released at once; return each one's result or error."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(n: int, job: Any) -> None:
        start.wait()
        try:
            results[n] = job()
        except Exception as error:
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, j)) for n, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_checks_at_once_announce_exhaustion_once(svc, add_ticket, event_types):
    account = uuid.uuid4()
    contract = ServiceContract.create(
        id=uuid.uuid4(),
        number="SC-2026-000001",
        account_id=account,
        now=NOW,
        created_by=None,
        fields=ContractFields(
            subject="Gold",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            owner_id=uuid.uuid4(),
            tracking_unit="Incidents",
            total_units=Decimal(1),
        ),
    )
    with svc.uow() as tx:
        tx.contracts.add(contract)
    add_ticket(account_id=account)
    outcomes = _together(lambda: svc.run(CheckContracts()), lambda: svc.run(CheckContracts()))
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert sorted(outcomes) == [0, 1]
    assert event_types() == ["support.contract.exhausted.v1"]


def test_two_answers_at_once_store_one(svc, add_ticket, event_types):
    ticket = add_ticket(status="Closed", closed_at=NOW - timedelta(hours=1))
    token = svc.survey_links.token_for(ticket)
    outcomes = _together(
        lambda: svc.run(GiveFeedback(score=5, token=token)),
        lambda: svc.run(GiveFeedback(score=1, token=token)),
    )
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    stored = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(conflicts), len(stored)) == (1, 1), outcomes
    assert event_types() == ["support.feedback.received.v1"]
