"""Authorisation before validation: billing's writes refuse a caller without the module
permission with 403 before a 422 could describe the schema."""

from __future__ import annotations

import uuid
from typing import Any

from crm_chassis.testing.tokens import TokenFactory

API = "/api/billing/v1"


def _headers(tokens: TokenFactory, *perms: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.issue(str(uuid.uuid4()), perms=list(perms))}"}


def test_write_views_refuse_before_validation(client: Any, tokens: TokenFactory) -> None:
    reader = _headers(tokens, "invoices.view", "payments.view")
    for path in ("/invoices", "/payments"):
        resp = client.post(API + path, json={"bogus": 1}, headers=reader)
        assert resp.status_code == 403, (path, resp.get_json())
        assert "errors" not in resp.get_json()
    assert client.post(API + "/invoices", json={"bogus": 1}).status_code == 401
    creator = _headers(tokens, "invoices.create")
    assert client.post(API + "/invoices", json={"bogus": 1}, headers=creator).status_code == 422
