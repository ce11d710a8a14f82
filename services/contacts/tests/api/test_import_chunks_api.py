"""An import over several batches (issue 15's bulk path): a refused row fails its own batch
only, named by its row; duplicates are found across batches; every created record has one
created event and one timeline entry; a retried keyed request imports nothing twice."""

import pytest
import sqlalchemy as sa

from crm_contacts.adapters.activity_tables import timeline_entries
from crm_contacts.adapters.tables import accounts, event_tables

API = "/api/contacts/v1"
BATCHES_OF_3 = pytest.mark.settings(import_batch_rows=3)


def _import(client, headers, text, **body):
    return client.post(
        f"{API}/imports", json={"entity": "accounts", "csv": text, **body}, headers=headers
    )


def _rows(service, stmt):
    with service.db.reading() as session:
        return list(session.execute(stmt))


def _names(service):
    return sorted(r.name for r in _rows(service, sa.select(accounts.c.name)))


def _created_events(service):
    outbox = event_tables.outbox
    stmt = sa.select(outbox.c.subject).where(outbox.c.type == "contacts.account.created.v1")
    return sorted(r.subject for r in _rows(service, stmt))


@BATCHES_OF_3
def test_a_bad_row_in_the_third_batch_fails_that_batch_only(client, admin_headers, service):
    lines = [f"Firm {i:02d},Banking" for i in range(12)]
    lines[7] = "Firm 07,Piracy"  # row 9 (the header is row 1): batch 3 holds rows 8-10
    job = _import(client, admin_headers, "name,industry\n" + "\n".join(lines) + "\n").get_json()
    assert job["status"] == "partial", job
    assert job["created_count"] == 9 and job["failed_count"] == 1 and job["skipped_count"] == 2
    assert (9, "industry") in {(e["row"], e["field"]) for e in job["errors"]}
    assert {e["row"] for e in job["errors"] if e["field"] == ""} == {8, 10}
    kept = [f"Firm {i:02d}" for i in range(12) if i not in (6, 7, 8)]
    assert _names(service) == kept
    ids = sorted(str(r.id) for r in _rows(service, sa.select(accounts.c.id)))
    assert _created_events(service) == ids  # one event per created record, none for batch 3
    entries = _rows(service, sa.select(timeline_entries.c.account_id))
    assert sorted(str(r.account_id) for r in entries) == ids


@BATCHES_OF_3
def test_duplicates_are_found_across_batches(client, admin_headers, service):
    text = (
        "name,email\n"
        "Acme Ltd,info@acme.example\nGlobex,sales@globex.example\nInitech,\n"
        "ACME Limited,other@acme.example\nUmbrella,SALES@globex.example\nHooli,\n"
    )
    job = _import(client, admin_headers, text).get_json()
    assert job["created_count"] == 4 and job["skipped_count"] == 2, job
    assert _names(service) == ["Acme Ltd", "Globex", "Hooli", "Initech"]


@BATCHES_OF_3
def test_a_retried_keyed_import_of_several_batches_writes_once(client, admin_headers, service):
    text = "name\n" + "".join(f"Firm {i:02d}\n" for i in range(8))
    headers = {**admin_headers, "Idempotency-Key": "import-chunks-1"}
    first = _import(client, headers, text)
    second = _import(client, headers, text)
    assert first.status_code == second.status_code == 201
    assert second.get_json()["id"] == first.get_json()["id"]
    assert len(_names(service)) == 8 and len(_created_events(service)) == 8


def test_duplicates_within_one_batch_are_found(client, admin_headers, service):
    text = "name,email\nAcme Ltd,info@acme.example\nACME Limited,\nGlobex,INFO@acme.example\n"
    job = _import(client, admin_headers, text).get_json()
    assert job["created_count"] == 1 and job["skipped_count"] == 2, job
    assert _names(service) == ["Acme Ltd"]


def test_a_duplicate_within_a_batch_updates_the_new_record_when_asked(
    client, admin_headers, service
):
    text = "name,email,phone\nAcme Ltd,info@acme.example,1\nAcme Limited,INFO@acme.example,2\n"
    job = _import(client, admin_headers, text, on_duplicate="update").get_json()
    assert job["created_count"] == 1 and job["updated_count"] == 1, job
    [row] = _rows(service, sa.select(accounts.c.name, accounts.c.phone))
    assert (row.name, row.phone) == ("Acme Limited", "2")
    both = _import(client, admin_headers, "name\nHooli\nHooli\n", on_duplicate="create").get_json()
    assert both["created_count"] == 2
