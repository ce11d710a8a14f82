"""Authorisation before validation: a caller without the module permission gets 403 for an
invalid body, never a 422 describing the schema; with it, the 422 names the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

API = "/api/contacts/v1"


def test_write_view_refuses_before_validation(
    client: Any, user_headers: Callable[..., dict[str, str]]
) -> None:
    reader = user_headers("accounts.view")
    resp = client.post(f"{API}/accounts", json={"name": 5, "bogus": 1}, headers=reader)
    assert resp.status_code == 403 and "errors" not in resp.get_json()
    creator = user_headers("accounts.create")
    resp = client.post(f"{API}/accounts", json={"name": 5, "bogus": 1}, headers=creator)
    assert resp.status_code == 422
    assert {"bogus", "name"} <= {e["field"] for e in resp.get_json()["errors"]}


def test_merge_and_import_need_one_of_the_modules_first(
    client: Any, user_headers: Callable[..., dict[str, str]]
) -> None:
    reader = user_headers("accounts.view", "contacts.view")
    resp = client.post(f"{API}/merges", json={"entity": 5}, headers=reader)
    assert resp.status_code == 403 and "errors" not in resp.get_json()
    resp = client.post(f"{API}/imports", data="x", content_type="text/plain", headers=reader)
    assert resp.status_code == 403
    resp = client.get(f"{API}/exports?entity=nope", headers=reader)
    assert resp.status_code == 403
    editor = user_headers("contacts.edit")
    assert client.post(f"{API}/merges", json={"entity": 5}, headers=editor).status_code == 422
