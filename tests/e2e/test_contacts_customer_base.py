"""Contacts' customer base through the gateway: a protected delete becomes a request that
is approved; import dry run, error report and a real import; export; duplicates and merge."""

from __future__ import annotations

import csv
import io
import json
import uuid

import requests

API = "/api/contacts/v1"


def test_a_protected_delete_waits_for_approval(gw, admin):
    base = f"{gw}{API}"
    account = requests.post(
        f"{base}/accounts",
        json={"name": f"Guarded {uuid.uuid4().hex[:6]}"},
        headers=admin,
        timeout=10,
    ).json()
    assert account["customer_code"].startswith("ACC-")
    contact = requests.post(
        f"{base}/contacts",
        json={"last_name": "Kept", "account_id": account["id"]},
        headers=admin,
        timeout=10,
    )
    assert contact.status_code == 201, contact.text
    response = requests.delete(f"{base}/accounts/{account['id']}", headers=admin, timeout=10)
    assert response.status_code == 202, response.text
    request = response.json()
    assert request["status"] == "pending" and request["references"] == {"contacts": 1}
    assert (
        requests.get(f"{base}/accounts/{account['id']}", headers=admin, timeout=10).status_code
        == 200
    )
    approved = requests.post(
        f"{gw}{response.headers['Location']}/approve", headers=admin, timeout=10
    )
    assert approved.status_code == 200, approved.text
    assert (
        requests.get(f"{base}/accounts/{account['id']}", headers=admin, timeout=10).status_code
        == 404
    )
    restored = requests.post(f"{base}/accounts/{account['id']}/restore", headers=admin, timeout=10)
    assert restored.status_code == 200


def test_import_dry_run_error_report_real_import_and_export(gw, admin):
    base = f"{gw}{API}"
    tag = f"imp{uuid.uuid4().hex[:6]}"
    text = (
        "Company,Sector,Labels\n"
        f"Import One {tag},Banking,{tag}\n"
        f"Import Two {tag},Piracy,{tag}\n"
        f"Import Three {tag},,{tag}\n"
    )
    mapping = {"Company": "name", "Sector": "industry", "Labels": "tags"}
    dry = requests.post(
        f"{base}/imports",
        json={"entity": "accounts", "csv": text, "mapping": mapping, "dry_run": True},
        headers=admin,
        timeout=30,
    )
    assert dry.status_code == 201, dry.text
    report = dry.json()
    assert report["failed_count"] == 1
    assert [(e["row"], e["field"]) for e in report["errors"] if e["field"]] == [(3, "industry")]
    listed = requests.get(f"{base}/accounts", params={"tag": tag}, headers=admin, timeout=10)
    assert listed.json()["items"] == []

    good = text.replace("Piracy", "Retail")
    upload = requests.post(
        f"{base}/imports",
        files={"file": ("accounts.csv", good.encode(), "text/csv")},
        data={"entity": "accounts", "mapping": json.dumps(mapping)},
        headers=admin,
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    assert upload.json()["created_count"] == 3 and upload.json()["status"] == "completed"
    job = requests.get(f"{gw}{upload.headers['Location']}", headers=admin, timeout=10)
    assert job.status_code == 200 and job.json()["processed_rows"] == 3

    exported = requests.get(
        f"{base}/exports", params={"entity": "accounts", "tag": tag}, headers=admin, timeout=30
    )
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
    names = sorted(r["name"] for r in csv.DictReader(io.StringIO(exported.text)))
    assert names == sorted(f"Import {n} {tag}" for n in ("One", "Two", "Three"))


def test_duplicates_are_listed_and_merged(gw, admin):
    base = f"{gw}{API}"
    domain = f"dup{uuid.uuid4().hex[:6]}.example"
    first = requests.post(
        f"{base}/accounts", json={"name": "Dup Co", "website": domain}, headers=admin, timeout=10
    ).json()
    second = requests.post(
        f"{base}/accounts",
        json={"name": "Other Name", "website": f"https://www.{domain}/x", "phone": "0113 496 0999"},
        headers=admin,
        timeout=10,
    ).json()
    twins = requests.get(
        f"{base}/duplicates", params={"record_id": first["id"]}, headers=admin, timeout=10
    ).json()["items"]
    assert any(
        g["matched_on"] == "web_domain" and second["id"] in {r["id"] for r in g["records"]}
        for g in twins
    )
    merged = requests.post(
        f"{base}/merges",
        json={
            "entity": "accounts",
            "survivor_id": first["id"],
            "merged_ids": [second["id"]],
        },
        headers=admin,
        timeout=10,
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["survivor"]["phone"] == "0113 496 0999"
    resolved = requests.get(f"{base}/accounts/{second['id']}", headers=admin, timeout=10)
    assert resolved.status_code == 200 and resolved.json()["id"] == first["id"]
