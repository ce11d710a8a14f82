"""Imports (mapping, dry run, per-row errors, duplicates, all-or-nothing batches) and exports."""

import csv
import io

import pytest

API = "/api/contacts/v1"

ACCOUNTS_CSV = """Company,Kind,City,Code,Labels,Mail
Acme Ltd,Customer,Leeds,ACME-1,vip;north,info@acme.example
Globex,Partner,York,,,sales@globex.example
Initech,Prospect,Hull,,emea,
"""
MAPPING = {
    "Company": "name",
    "Kind": "account_type",
    "City": "billing_city",
    "Code": "customer_code",
    "Labels": "tags",
    "Mail": "email",
}


def _import(client, headers, **body):
    return client.post(f"{API}/imports", json={"entity": "accounts", **body}, headers=headers)


def _names(client, headers):
    items = client.get(f"{API}/accounts?limit=500", headers=headers).get_json()["items"]
    return sorted(a["name"] for a in items)


def test_a_dry_run_reports_and_writes_nothing(client, admin_headers):
    response = _import(client, admin_headers, csv=ACCOUNTS_CSV, mapping=MAPPING, dry_run=True)
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert job["dry_run"] is True and job["status"] == "completed"
    assert job["total_rows"] == 3 and job["created_count"] == 3 and job["errors"] == []
    assert _names(client, admin_headers) == []
    got = client.get(response.headers["Location"], headers=admin_headers)
    assert got.status_code == 200 and got.get_json()["id"] == job["id"]


def test_an_import_creates_the_mapped_records(client, admin_headers):
    job = _import(client, admin_headers, csv=ACCOUNTS_CSV, mapping=MAPPING).get_json()
    assert job["created_count"] == 3 and job["status"] == "completed"
    assert _names(client, admin_headers) == ["Acme Ltd", "Globex", "Initech"]
    acme = client.get(f"{API}/accounts?customer_code=acme-1", headers=admin_headers).get_json()
    [acme] = acme["items"]
    assert acme["billing_address"]["city"] == "Leeds" and sorted(acme["tags"]) == ["north", "vip"]
    globex = client.get(f"{API}/accounts?q=globex", headers=admin_headers).get_json()["items"][0]
    assert globex["customer_code"].startswith("ACC-")


@pytest.mark.settings(import_batch_rows=2)
def test_a_refused_row_fails_its_whole_batch_with_a_per_row_report(client, admin_headers, service):
    text = "name,industry,employees\nGood One,Banking,5\nBad,Piracy,x\nGood Two,,\n"
    job = _import(client, admin_headers, csv=text).get_json()
    assert job["status"] == "partial"
    assert job["created_count"] == 1 and job["failed_count"] == 1 and job["skipped_count"] == 1
    fields = {(e["row"], e["field"]) for e in job["errors"]}
    assert {(3, "employees"), (3, "industry"), (2, "")} <= fields
    assert _names(client, admin_headers) == ["Good Two"]  # batch 1 (rows 2-3) wrote nothing


def test_duplicates_are_skipped_updated_or_created(client, admin_headers, create_account):
    existing = create_account(name="Acme Ltd", email="info@acme.example", phone="1")
    text = "name,email,phone\nACME Limited,INFO@acme.example,2\n"
    skipped = _import(client, admin_headers, csv=text).get_json()
    assert skipped["skipped_count"] == 1 and skipped["created_count"] == 0
    updated = _import(client, admin_headers, csv=text, on_duplicate="update").get_json()
    assert updated["updated_count"] == 1
    after = client.get(f"{API}/accounts/{existing['id']}", headers=admin_headers).get_json()
    assert after["phone"] == "2" and after["name"] == "ACME Limited"
    created = _import(client, admin_headers, csv=text, on_duplicate="create").get_json()
    assert created["created_count"] == 1
    assert len(_names(client, admin_headers)) == 2


def test_contacts_import_links_accounts_by_customer_code(client, admin_headers, create_account):
    account = create_account(name="Acme", customer_code="ACME-9")
    text = (
        "first_name,last_name,account_code,do_not_call,birthday\n"
        "Ada,Lovelace,acme-9,yes,1815-12-10\n"
    )
    job = client.post(
        f"{API}/imports", json={"entity": "contacts", "csv": text}, headers=admin_headers
    ).get_json()
    assert job["created_count"] == 1, job
    [contact] = client.get(f"{API}/contacts", headers=admin_headers).get_json()["items"]
    assert contact["account_id"] == account["id"] and contact["do_not_call"] is True


def test_multipart_and_text_csv_uploads_work(client, admin_headers):
    data = {
        "file": (io.BytesIO(b"name\nUploaded\n"), "accounts.csv"),
        "entity": "accounts",
        "dry_run": "false",
    }
    response = client.post(
        f"{API}/imports", data=data, headers=admin_headers, content_type="multipart/form-data"
    )
    assert response.status_code == 201, response.get_json()
    response = client.post(
        f"{API}/imports?entity=accounts",
        data="name\nRaw\n",
        headers={**admin_headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 201
    assert _names(client, admin_headers) == ["Raw", "Uploaded"]


def test_bad_import_requests_are_4xx(client, admin_headers, user_headers):
    assert (
        _import(client, admin_headers, csv="nope\nx\n", mapping={"nope": "colour"}).status_code
        == 400
    )
    assert _import(client, admin_headers, csv="").status_code == 422
    assert (
        client.post(
            f"{API}/imports", data="x", headers={**admin_headers, "Content-Type": "application/xml"}
        ).status_code
        == 415
    )
    assert client.post(f"{API}/imports", json={}, headers={}).status_code == 401
    no_import = _import(client, user_headers("accounts.create"), csv="name\nX\n")
    assert no_import.status_code == 403


def test_an_export_honours_filters_scope_and_field_access(client, org, create_account):
    org.save(account_fields={"phone": "hidden"})
    create_account(name="North A", owner_id=str(org.north), phone="1", tags=["x"])
    create_account(name="North B", owner_id=str(org.north), phone="2")
    create_account(name="South", owner_id=str(org.south), phone="3", tags=["x"])
    response = client.get(f"{API}/exports?entity=accounts&tag=x", headers=org.headers(org.north))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["name"] for r in rows] == ["North A"]
    assert "phone" not in rows[0] and rows[0]["tags"] == "x"
    everything = client.get(f"{API}/exports?entity=accounts", headers=org.headers(org.manager))
    names = [r["name"] for r in csv.DictReader(io.StringIO(everything.get_data(as_text=True)))]
    assert names == ["North A", "North B", "South"]


def test_an_export_needs_the_export_permission(client, org, create_account):
    org.save(actions=("view",))
    response = client.get(f"{API}/exports?entity=contacts", headers=org.headers(org.north))
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"


def test_references_to_missing_or_invisible_records_are_row_errors(client, org, create_account):
    org.save()
    hidden = create_account(name="South Co", owner_id=str(org.south), customer_code="SOUTH-1")
    text = (
        "last_name,account_id,account_code\n"
        f"One,{hidden['id']},\n"
        "Two,,south-1\n"
        "Three,00000000-0000-0000-0000-000000000001,\n"
    )
    job = client.post(
        f"{API}/imports",
        json={"entity": "contacts", "csv": text},
        headers=org.headers(org.north),
    ).get_json()
    assert job["created_count"] == 0 and job["failed_count"] == 3
    assert {(e["row"], e["field"]) for e in job["errors"]} == {
        (2, "account_id"),
        (3, "account_code"),
        (4, "account_id"),
    }


def test_an_export_neutralises_formulas(client, admin_headers, create_account):
    """Issue 12, case 8: a cell a spreadsheet would run is written as text."""
    create_account(name='=HYPERLINK("http://evil.example","x")', phone="+1 555 0100")
    response = client.get(f"{API}/exports?entity=accounts", headers=admin_headers)
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["phone"] == "'+1 555 0100"
