"""The worker's import runner: claims are exclusive, dead workers' jobs resume, stolen jobs stop."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm_chassis.db import Database
from crm_contacts.adapters.tables import accounts, import_jobs
from crm_contacts.bootstrap import bootstrap
from crm_contacts.service.import_runner import MAX_ATTEMPTS, ImportRunner

API = "/api/contacts/v1"


def _queue(client, headers, n, start=0):
    text = "name\n" + "".join(f"Firm {i:05d}\n" for i in range(start, start + n))
    response = client.post(
        f"{API}/imports?entity=accounts&mode=background",
        data=text.encode(),
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _count(service):
    with service.db.reading() as session:
        return session.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one()


def _expire_leases(service):
    with service.db.transaction() as session:
        session.execute(
            sa.update(import_jobs).values(lease_until=datetime.now(UTC) - timedelta(seconds=1))
        )


BATCHES_OF_3 = pytest.mark.settings(import_batch_rows=3)


@pytest.fixture
def batches_of_3(service):
    """The service of a test marked BATCHES_OF_3."""
    return service


def test_two_claimers_never_take_the_same_job(client, admin_headers, settings, service):
    ids = {_queue(client, admin_headers, 1, start=i) for i in range(8)}
    # Separate engines, as separate worker processes would have.
    services = [bootstrap(settings, db=Database(settings.database_url)) for _ in range(2)]
    runners = [ImportRunner(s, worker=f"w{i}") for i, s in enumerate(services)]
    taken: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def claim_all(i):
        barrier.wait()
        while (job := runners[i].claim()) is not None:
            taken[i].append(str(job.id))

    threads = [threading.Thread(target=claim_all, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert not set(taken[0]) & set(taken[1])
        assert sorted(taken[0] + taken[1]) == sorted(ids)
        assert runners[0].claim() is None
    finally:
        for s in services:
            s.db.dispose()


def test_a_claimed_job_is_not_claimed_again_while_its_lease_runs(client, admin_headers, service):
    _queue(client, admin_headers, 2)
    assert ImportRunner(service, worker="a").claim() is not None
    assert ImportRunner(service, worker="b").claim() is None


class Died(BaseException):
    """Stands for the worker process being killed mid-import."""


@BATCHES_OF_3
def test_a_dead_workers_job_resumes_after_its_last_committed_batch(
    client, admin_headers, batches_of_3, around_batches
):
    job_id = _queue(client, admin_headers, 10)
    calls = []

    def dies_on_second_batch():
        calls.append(1)
        if len(calls) == 2:
            raise Died

    first = ImportRunner(around_batches(before=dies_on_second_batch), worker="first")
    with pytest.raises(Died):
        first.run_once()
    half = client.get(f"{API}/imports/{job_id}", headers=admin_headers).get_json()
    assert half["status"] == "running" and half["processed_rows"] == 3
    assert _count(batches_of_3) == 3
    assert ImportRunner(batches_of_3, worker="second").run_once() is None  # lease still runs

    _expire_leases(batches_of_3)
    ImportRunner(batches_of_3, worker="second").run_once()
    done = client.get(f"{API}/imports/{job_id}", headers=admin_headers).get_json()
    assert done["status"] == "completed", done
    assert done["created_count"] == 10 and done["processed_rows"] == 10
    assert _count(batches_of_3) == 10  # the first batch was not written twice
    with batches_of_3.db.reading() as session:
        names = session.execute(sa.select(accounts.c.name)).scalars().all()
    assert len(set(names)) == 10


@BATCHES_OF_3
def test_a_worker_whose_job_was_taken_over_writes_nothing_more(client, admin_headers, batches_of_3):
    job_id = _queue(client, admin_headers, 9)
    slow = ImportRunner(batches_of_3, worker="slow")
    job = slow.claim()
    _expire_leases(batches_of_3)
    assert ImportRunner(batches_of_3, worker="fast").run_once() is not None
    assert slow.run(job) is None  # LeaseLost on its first batch: rolled back
    assert _count(batches_of_3) == 9
    done = client.get(f"{API}/imports/{job_id}", headers=admin_headers).get_json()
    assert done["status"] == "completed" and done["created_count"] == 9


def test_a_job_whose_workers_keep_dying_is_marked_failed(client, admin_headers, service):
    job_id = _queue(client, admin_headers, 2)
    for i in range(MAX_ATTEMPTS):
        assert ImportRunner(service, worker=f"w{i}").claim() is not None
        _expire_leases(service)
    assert ImportRunner(service, worker="last").claim() is None
    job = client.get(f"{API}/imports/{job_id}", headers=admin_headers).get_json()
    assert job["status"] == "failed" and "stopped" in job["errors"][-1]["message"]
    assert _count(service) == 0


@pytest.mark.settings(import_poll_seconds=0.05)
def test_the_runner_loop_drains_the_queue_and_stops(client, admin_headers, service):
    ids = [_queue(client, admin_headers, 2, start=i * 2) for i in range(3)]
    stop = threading.Event()
    thread = threading.Thread(target=ImportRunner(service).loop, args=(stop,))
    thread.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while datetime.now(UTC) < deadline:
            states = [
                client.get(f"{API}/imports/{i}", headers=admin_headers).get_json()["status"]
                for i in ids
            ]
            if all(s == "completed" for s in states):
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert states == ["completed"] * 3
    assert _count(service) == 6
