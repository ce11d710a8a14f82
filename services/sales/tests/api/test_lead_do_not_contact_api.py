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
