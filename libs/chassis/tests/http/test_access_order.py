"""Authorisation is decided before validation details are returned: 401, then 403, then
400/415/422 (docs/api-conventions.md, "Order of checks"). A caller without the module
permission never learns a route's schema from a 422."""

from __future__ import annotations

import pytest

NOTES = "/api/notes/v1/notes"
PROBLEM = "application/problem+json"


def _status(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM
    return resp.get_json(force=True)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


BAD_BODIES = [
    {"json": {"title": ""}},
    {"json": {"title": "x", "unknown": 1}},
    {"data": "{not json", "content_type": "application/json"},
    {"data": "title=x", "content_type": "text/plain"},
]


@pytest.mark.parametrize("bad", BAD_BODIES)
def test_no_token_and_bad_body_is_401(client, bad):
    _status(client.post(NOTES, **bad), 401)


@pytest.mark.parametrize("bad", BAD_BODIES)
def test_token_without_permission_and_bad_body_is_403(client, tokens, bad):
    headers = _bearer(tokens.issue(perms=["notes.view"]))
    body = _status(client.post(NOTES, headers=headers, **bad), 403)
    assert "errors" not in body or not any(e["field"] == "title" for e in body["errors"])


def test_permission_and_bad_body_is_422_naming_the_field(client, tokens):
    headers = _bearer(tokens.issue(perms=["notes.create"]))
    body = _status(client.post(NOTES, json={"title": ""}, headers=headers), 422)
    assert [e["field"] for e in body["errors"]] == ["title"]


def test_bad_query_or_path_without_permission_is_403(client, tokens):
    headers = _bearer(tokens.issue(perms=["drafts.view"]))
    _status(client.get(f"{NOTES}?limit=abc", headers=headers), 403)
    _status(client.patch(f"{NOTES}/not-a-uuid", json={"title": 5}, headers=headers), 403)


def test_bad_query_with_permission_is_422(client, tokens):
    headers = _bearer(tokens.issue(perms=["notes.view"]))
    _status(client.get(f"{NOTES}?limit=abc", headers=headers), 422)


def test_any_of_permissions_refuses_a_caller_with_none_before_validation(client, tokens):
    without = _bearer(tokens.issue(perms=["notes.view"]))
    body = _status(client.post(f"{NOTES}/copies", json={"title": ""}, headers=without), 403)
    assert "create notes or create drafts" in body["detail"]
    for perm in ("notes.create", "drafts.create"):
        headers = _bearer(tokens.issue(perms=[perm]))
        _status(client.post(f"{NOTES}/copies", json={"title": ""}, headers=headers), 422)
        ok = client.post(f"{NOTES}/copies", json={"title": "x"}, headers=headers)
        assert ok.status_code == 201
