"""Authorisation before validation: a caller without access to identity's admin APIs gets
403 for an invalid body, never a 422 describing the admin schema."""

from __future__ import annotations

from typing import Any

API = "/api/identity/v1"


def test_admin_views_refuse_a_plain_user_before_reading_the_body(
    client: Any, user_headers: dict[str, str], admin_headers: dict[str, str]
) -> None:
    for path, bad in (("/roles", {"bogus": 1}), ("/users", {"email": 5}), ("/groups", [])):
        resp = client.post(API + path, json=bad, headers=user_headers)
        assert resp.status_code == 403, (path, resp.get_json())
        assert "errors" not in resp.get_json()
    assert client.post(API + "/roles", json={"bogus": 1}).status_code == 401
    resp = client.post(API + "/roles", json={"bogus": 1}, headers=admin_headers)
    assert resp.status_code == 422
