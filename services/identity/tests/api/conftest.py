"""Fixtures of the admin API tests: the published policy, and small record factories."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from crm_access.model import PolicySnapshot
from crm_identity.bootstrap import Identity
from crm_identity.domain import defaults

BASE = "/api/identity/v1"


class PublishedPolicy:
    """What identity wrote to its outbox as ``identity.policy.changed.v1``."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity

    def events(self) -> list[dict[str, Any]]:
        with self.identity.db.reading() as s:
            rows = s.execute(
                sa.text(
                    "SELECT body FROM outbox WHERE type = 'identity.policy.changed.v1' ORDER BY seq"
                )
            ).all()
        return [json.loads(r.body)["data"] for r in rows]

    def latest(self) -> PolicySnapshot:
        return PolicySnapshot.from_json(self.events()[-1]["snapshot_json"])


@pytest.fixture
def policy(identity: Identity) -> PublishedPolicy:
    return PublishedPolicy(identity)


@pytest.fixture
def a_profile(client: FlaskClient, admin_headers: dict[str, str]) -> Callable[..., Any]:
    """Create a profile through the API (201 asserted); return its body."""

    def create(**fields: Any) -> Any:
        body = {"name": "Leads Only", "modules": {"leads": ["view", "create"]}, **fields}
        resp = client.post(f"{BASE}/profiles", json=body, headers=admin_headers)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    return create


@pytest.fixture
def a_role(client: FlaskClient, admin_headers: dict[str, str]) -> Callable[..., Any]:
    """Create a role through the API (201 asserted); return the response."""

    def create(
        name: str = "Inside Sales",
        parent: Any = defaults.SALES_MANAGER,
        profiles: list[Any] | None = None,
    ) -> Any:
        body = {
            "name": name,
            "parent_id": str(parent),
            "profile_ids": [str(p) for p in (profiles or [defaults.SALES_PROFILE])],
        }
        resp = client.post(f"{BASE}/roles", json=body, headers=admin_headers)
        assert resp.status_code == 201, resp.get_json()
        return resp

    return create
