"""Large imports: bodies above the API's 1 MiB limit on POST /imports only, 201 + a queued job
run by the worker's import runner, progress visible through GET /imports/{id}."""

import pytest
import sqlalchemy as sa

from crm_contacts.adapters.tables import accounts, import_uploads
from crm_contacts.service.import_runner import ImportRunner

API = "/api/contacts/v1"
MiB = 1024 * 1024


def _csv(n, start=0):
    lines = ["name,industry,email"]
    lines += [f"Company {i:06d},Banking,info{i}@c{i}.example" for i in range(start, start + n)]
    return "\n".join(lines) + "\n"


def _post_csv(client, headers, text, **params):
    query = "&".join(f"{k}={v}" for k, v in {"entity": "accounts", **params}.items())
    return client.post(
        f"{API}/imports?{query}",
        data=text.encode(),
        headers={**headers, "Content-Type": "text/csv"},
    )


def _count(service, table=accounts):
    with service.db.reading() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


SMALL_SYNC = pytest.mark.settings(import_sync_max_rows=5, import_batch_rows=4)


@pytest.fixture
def small_sync(service):
    """The service of a test marked SMALL_SYNC: 5 rows run in the request, batches of 4."""
    return service


@SMALL_SYNC
def test_a_large_file_answers_201_with_a_queued_job_the_worker_imports(
    client, admin_headers, small_sync
):
    response = _post_csv(client, admin_headers, _csv(10))
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert job["status"] == "queued" and job["rows_total"] == 10 and job["processed_rows"] == 0
    assert response.headers["Location"] == f"{API}/imports/{job['id']}"
    assert _count(small_sync) == 0  # nothing happens in the request
    queued = client.get(response.headers["Location"], headers=admin_headers).get_json()
    assert queued["status"] == "queued"

    done = ImportRunner(small_sync).run_once()
    assert done is not None and str(done.id) == job["id"]
    after = client.get(response.headers["Location"], headers=admin_headers).get_json()
    assert after["status"] == "completed", after
    assert after["created_count"] == 10 and after["processed_rows"] == 10
    assert after["batches_committed"] == 3 and after["finished_at"]
    assert _count(small_sync) == 10
    assert _count(small_sync, import_uploads) == 0  # the upload is dropped once done
    assert ImportRunner(small_sync).run_once() is None  # nothing left


@SMALL_SYNC
def test_progress_is_visible_while_the_worker_runs(
    client, admin_headers, small_sync, around_batches
):
    job_id = _post_csv(client, admin_headers, _csv(10)).get_json()["id"]
    seen = []

    def watch():
        got = client.get(f"{API}/imports/{job_id}", headers=admin_headers).get_json()
        seen.append((got["status"], got["processed_rows"], got["batches_committed"]))

    runner = ImportRunner(around_batches(after=watch))
    runner.run_once()
    assert seen == [("running", 4, 1), ("running", 8, 2), ("running", 10, 3)]


@SMALL_SYNC
def test_mode_background_queues_even_a_small_file_and_errors_are_reported(
    client, admin_headers, small_sync
):
    text = "name,industry\nGood,Banking\nBad,Piracy\n"
    response = _post_csv(client, admin_headers, text, mode="background")
    assert response.status_code == 201
    ImportRunner(small_sync).run_once()
    job = client.get(response.headers["Location"], headers=admin_headers).get_json()
    assert job["status"] == "partial" and job["failed_count"] == 1 and job["skipped_count"] == 1
    assert {(e["row"], e["field"]) for e in job["errors"]} >= {(3, "industry"), (2, "")}
    assert _count(small_sync) == 0  # all or nothing per batch


@SMALL_SYNC
def test_a_large_dry_run_runs_in_the_background_and_writes_nothing(
    client, admin_headers, small_sync
):
    response = _post_csv(client, admin_headers, _csv(9), dry_run="true")
    assert response.status_code == 201 and response.get_json()["dry_run"] is True
    ImportRunner(small_sync).run_once()
    job = client.get(response.headers["Location"], headers=admin_headers).get_json()
    assert job["status"] == "completed" and job["created_count"] == 9
    assert _count(small_sync) == 0


@SMALL_SYNC
def test_multipart_uploads_are_queued_too(client, admin_headers, small_sync):
    import io

    response = client.post(
        f"{API}/imports",
        data={
            "entity": "accounts",
            "mapping": '{"Firm": "name"}',
            "file": (io.BytesIO(b"Firm\n" + b"".join(b"F%d\n" % i for i in range(7))), "a.csv"),
        },
        headers=admin_headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    ImportRunner(small_sync).run_once()
    assert (
        client.get(response.headers["Location"], headers=admin_headers).get_json()["created_count"]
        == 7
    )


@SMALL_SYNC
def test_a_background_import_is_refused_in_the_request_when_not_allowed(
    client, admin_headers, user_headers, small_sync
):
    refused = _post_csv(client, user_headers("accounts.create"), _csv(10))
    assert refused.status_code == 403
    assert refused.headers["Content-Type"] == "application/problem+json"
    bad_mapping = _post_csv(client, admin_headers, "nope\n" + "x\n" * 10)
    assert bad_mapping.status_code == 400
    bad_mode = _post_csv(client, admin_headers, _csv(1), mode="later")
    assert bad_mode.status_code == 422
    with small_sync.db.reading() as session:
        assert session.execute(sa.text("SELECT count(*) FROM import_jobs")).scalar_one() == 0


LIMITED = pytest.mark.settings(import_max_bytes=3 * MiB)


@pytest.fixture
def limited_client(client):
    """The app of a test marked LIMITED: imports up to 3 MiB, the rest of the API 1 MiB."""
    return client


@LIMITED
def test_imports_take_bodies_above_the_api_limit_up_to_the_import_limit(
    limited_client, admin_headers, service
):
    text = _csv(30_000)  # ~1.2 MiB
    assert MiB < len(text) < 3 * MiB
    response = _post_csv(limited_client, admin_headers, text)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["rows_total"] == 30_000


@LIMITED
def test_beyond_the_import_limit_is_413_problem(limited_client, admin_headers):
    response = _post_csv(limited_client, admin_headers, "name\n" + "x" * (3 * MiB))
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json()["status"] == 413


@LIMITED
def test_other_routes_and_json_imports_keep_the_1_mib_limit(limited_client, admin_headers):
    big = "x" * (MiB + 10)
    accounts_post = limited_client.post(
        f"{API}/accounts", json={"name": big}, headers=admin_headers
    )
    assert accounts_post.status_code == 413
    assert accounts_post.headers["Content-Type"] == "application/problem+json"
    json_import = limited_client.post(
        f"{API}/imports", json={"entity": "accounts", "csv": "name\n" + big}, headers=admin_headers
    )
    assert json_import.status_code == 413
