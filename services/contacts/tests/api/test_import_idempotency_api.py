"""POST /imports honours Idempotency-Key (issue 15): a client retrying after a lost answer
gets the first job again and imports nothing twice; the key's fingerprint covers the file."""

import io

import pytest
import sqlalchemy as sa

from crm_contacts.adapters.tables import accounts, import_jobs
from crm_contacts.service.import_runner import ImportRunner

API = "/api/contacts/v1"
CSV = "name,industry\nAcme,Banking\nGlobex,Banking\n"
OTHER = "name,industry\nInitech,Banking\n"


def _count(service, table):
    with service.db.reading() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _keyed(headers, key):
    return {**headers, "Idempotency-Key": key}


def _post_json(client, headers, text=CSV, **options):
    body = {"entity": "accounts", "csv": text, **options}
    return client.post(f"{API}/imports", json=body, headers=headers)


def _post_csv(client, headers, text=CSV, query="entity=accounts"):
    return client.post(
        f"{API}/imports?{query}",
        data=text.encode(),
        headers={**headers, "Content-Type": "text/csv"},
    )


def _post_multipart(client, headers, text=CSV, **fields):
    # The test client draws a new multipart boundary per request, as a retrying client may.
    data = {"entity": "accounts", **fields, "file": (io.BytesIO(text.encode()), "a.csv")}
    return client.post(
        f"{API}/imports", data=data, headers=headers, content_type="multipart/form-data"
    )


POSTS = {"json": _post_json, "csv": _post_csv, "multipart": _post_multipart}


@pytest.mark.parametrize("post", POSTS.values(), ids=POSTS.keys())
def test_the_same_key_twice_imports_once_and_answers_the_same_job(
    client, admin_headers, service, post
):
    headers = _keyed(admin_headers, "import-1")
    first = post(client, headers)
    assert first.status_code == 201, first.get_json()
    second = post(client, headers)
    assert second.status_code == 201, second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(service, accounts) == 2 and _count(service, import_jobs) == 1


@pytest.mark.parametrize("post", POSTS.values(), ids=POSTS.keys())
def test_the_same_key_with_another_file_is_422_and_imports_nothing(
    client, admin_headers, service, post
):
    headers = _keyed(admin_headers, "import-2")
    assert post(client, headers).status_code == 201
    reused = post(client, headers, text=OTHER)
    assert reused.status_code == 422
    assert reused.headers["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in reused.get_json()["errors"]] == ["Idempotency-Key"]
    assert _count(service, accounts) == 2 and _count(service, import_jobs) == 1


def test_the_same_key_with_other_options_is_422(client, admin_headers, service):
    headers = _keyed(admin_headers, "import-3")
    assert _post_csv(client, headers).status_code == 201
    dry = _post_csv(client, headers, query="entity=accounts&dry_run=true")
    assert dry.status_code == 422
    form = _post_multipart(client, _keyed(admin_headers, "import-4"))
    assert form.status_code == 201
    other = _post_multipart(client, _keyed(admin_headers, "import-4"), dry_run="true")
    assert other.status_code == 422
    assert _count(service, import_jobs) == 2


def test_without_a_key_each_post_imports(client, admin_headers, service):
    assert _post_csv(client, admin_headers, query="entity=accounts&dry_run=true").status_code == 201
    assert _post_csv(client, admin_headers, query="entity=accounts&dry_run=true").status_code == 201
    assert _count(service, import_jobs) == 2


def test_a_retried_background_import_is_the_same_queued_job(client, admin_headers, service):
    headers = _keyed(admin_headers, "import-bg")
    first = _post_csv(client, headers, query="entity=accounts&mode=background")
    assert first.status_code == 201 and first.get_json()["status"] == "queued"
    second = _post_csv(client, headers, query="entity=accounts&mode=background")
    assert second.status_code == 201 and second.get_json()["id"] == first.get_json()["id"]
    assert _count(service, import_jobs) == 1
    assert ImportRunner(service).run_once() is not None
    assert ImportRunner(service).run_once() is None  # one job queued, not two
    assert _count(service, accounts) == 2
    job = client.get(first.headers["Location"], headers=admin_headers).get_json()
    assert job["status"] == "completed" and job["created_count"] == 2
