"""The do-not-contact flag: set on create and patch, answered, filtered on, exported, imported."""

from __future__ import annotations

import csv
import io

API = "/api/contacts/v1"


def test_the_flag_defaults_to_false_and_is_set_by_create_and_patch(client, admin_headers):
    plain = client.post(f"{API}/contacts", json={"last_name": "Plain"}, headers=admin_headers)
    assert plain.status_code == 201 and plain.get_json()["do_not_contact"] is False
    url = f"{API}/contacts/{plain.get_json()['id']}"
    patched = client.patch(
        url, json={"do_not_contact": True}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert patched.status_code == 200 and patched.get_json()["do_not_contact"] is True
    got = client.get(url, headers=admin_headers).get_json()
    # Only the flag changed: the e-mail opt-out is a different, narrower choice.
    assert got["do_not_contact"] is True and got["email_opt_out"] is False


def test_the_list_filters_on_the_flag(client, admin_headers, create_contact):
    never = create_contact(last_name="Never", do_not_contact=True)
    fine = create_contact(last_name="Fine")
    flagged = client.get(f"{API}/contacts?do_not_contact=true", headers=admin_headers)
    assert flagged.status_code == 200
    ids = {c["id"] for c in flagged.get_json()["items"]}
    assert never["id"] in ids and fine["id"] not in ids
    others = client.get(f"{API}/contacts?do_not_contact=false", headers=admin_headers)
    ids = {c["id"] for c in others.get_json()["items"]}
    assert fine["id"] in ids and never["id"] not in ids


def test_a_non_boolean_filter_is_422(client, admin_headers):
    response = client.get(f"{API}/contacts?do_not_contact=maybe", headers=admin_headers)
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/problem+json")


def test_the_flag_is_an_export_column_and_an_import_field(client, admin_headers, create_contact):
    create_contact(last_name="Exported", do_not_contact=True)
    exported = client.get(f"{API}/exports?entity=contacts", headers=admin_headers)
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    [row] = [r for r in rows if r["last_name"] == "Exported"]
    assert row["do_not_contact"].lower() in {"true", "1", "yes"}

    body = {"entity": "contacts", "csv": "last_name,do_not_contact\nImported,yes\n"}
    imported = client.post(f"{API}/imports", json=body, headers=admin_headers)
    assert imported.status_code == 201, imported.get_json()
    assert imported.get_json()["created_count"] == 1
    listed = client.get(f"{API}/contacts?do_not_contact=true", headers=admin_headers).get_json()
    assert "Imported" in {c["last_name"] for c in listed["items"]}
