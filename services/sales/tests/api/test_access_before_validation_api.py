"""Authorisation before validation: sales' settings (administrators) and writes refuse a
caller without access with 403 before a 422 could describe the schema."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

API = "/api/sales/v1"


def test_settings_views_refuse_a_non_administrator_before_reading_the_body(
    client: Any, user: Callable[..., dict[str, str]], admin: dict[str, str]
) -> None:
    rep = user(uuid.uuid4())  # every module permission, but not an administrator
    for method, path in (
        ("post", "/scoring-rules"),
        ("put", "/conversion-mapping"),
        ("put", "/approval-limits"),
        ("post", "/assignment-rules"),
        ("put", "/assignment-settings"),
    ):
        resp = getattr(client, method)(API + path, json={"bogus": 1}, headers=rep)
        assert resp.status_code == 403, (path, resp.get_json())
        assert "errors" not in resp.get_json()
    assert client.post(f"{API}/scoring-rules", json={"bogus": 1}, headers=admin).status_code == 422


def test_write_view_refuses_before_validation(
    client: Any, user: Callable[..., dict[str, str]]
) -> None:
    reader = user(uuid.uuid4(), "quotes.view")
    resp = client.post(f"{API}/quotes", json={"bogus": 1}, headers=reader)
    assert resp.status_code == 403 and "errors" not in resp.get_json()
    creator = user(uuid.uuid4(), "quotes.create")
    assert client.post(f"{API}/quotes", json={"bogus": 1}, headers=creator).status_code == 422
