"""Leads' do-not-contact flag: create, patch, answer, list filter, carried on conversion."""

from __future__ import annotations

import uuid
from typing import Any

API = "/api/sales/v1"


def test_the_flag_defaults_to_false_and_is_set_by_create_and_patch(
    client: Any, admin: dict, lead: Any
) -> None:
    plain = lead()
    assert plain["do_not_contact"] is False
    flagged = lead(last_name="Never", do_not_contact=True)
    assert flagged["do_not_contact"] is True and flagged["email_opt_out"] is False
    url = f"{API}/leads/{plain['id']}"
    patched = client.patch(url, json={"do_not_contact": True}, headers={**admin, "If-Match": '"1"'})
    assert patched.status_code == 200, patched.get_json()
    assert client.get(url, headers=admin).get_json()["do_not_contact"] is True


def test_the_list_filters_on_the_flag(client: Any, admin: dict, lead: Any) -> None:
    never = lead(last_name="Never", do_not_contact=True)
    fine = lead(last_name="Fine", company="Other")
    found = client.get(f"{API}/leads?do_not_contact=true", headers=admin)
    assert found.status_code == 200
    ids = {x["id"] for x in found.get_json()["items"]}
    assert never["id"] in ids and fine["id"] not in ids
    bad = client.get(f"{API}/leads?do_not_contact=perhaps", headers=admin)
    assert bad.status_code == 422


def test_converting_carries_the_flag_to_the_contact_whatever_the_mapping(
    client: Any, admin: dict, lead: Any, directory: Any
) -> None:
    never = lead(last_name="Never", email="never@x.example", do_not_contact=True)
    fine = lead(last_name="Fine", company="Other", email="fine@x.example")
    for made in (never, fine):
        resp = client.post(f"{API}/leads/{made['id']}/convert", headers=admin, json={})
        assert resp.status_code == 201, resp.get_json()
    sent = {call[1].lead_id: call[1].contact for call in directory.calls if call[0] == "convert"}
    assert sent[uuid.UUID(never["id"])]["do_not_contact"] is True
    assert "do_not_contact" not in sent[uuid.UUID(fine["id"])]


def test_an_import_reads_the_consent_flags_and_refuses_a_bad_one(client: Any, admin: dict) -> None:
    csv = (
        "last_name,email,do_not_contact,email_opt_out\nNever,n@x.example,yes,\nOut,o@x.example,,1\n"
    )
    done = client.post(f"{API}/leads/imports", headers=admin, json={"csv": csv})
    assert done.status_code == 200 and len(done.get_json()["created_ids"]) == 2, done.get_json()
    listed = client.get(f"{API}/leads?sort=last_name", headers=admin).get_json()["items"]
    flags = [(x["last_name"], x["do_not_contact"], x["email_opt_out"]) for x in listed]
    assert flags == [("Never", True, False), ("Out", False, True)]
    bad = "last_name,do_not_contact\nMaybe,perhaps\n"
    report = client.post(f"{API}/leads/imports", headers=admin, json={"csv": bad}).get_json()
    assert [e["field"] for e in report["rejected"][0]["errors"]] == ["do_not_contact"]
