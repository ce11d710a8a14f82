"""Fixtures of the activity tests: a small team with a private sharing policy."""

from __future__ import annotations

import uuid

import pytest

from crm_access.model import PolicySnapshot

MODULES = ("tasks", "events", "notes", "accounts", "contacts")


class Team:
    """A manager over two reps; a group with the first rep. Private sharing by default."""

    def __init__(self, service, add_owner, tokens):
        self.service, self.tokens, self.version = service, tokens, 0
        self.manager, self.north, self.south = (add_owner().id for _ in range(3))
        self.group = uuid.uuid4()

    def headers(self, user):
        return {"Authorization": f"Bearer {self.tokens.issue(str(user))}"}

    def save(
        self, *, sharing="private", actions=("view", "create", "edit", "delete"), task_fields=None
    ):
        self.version += 1
        snapshot = PolicySnapshot.from_dict(
            {
                "version": self.version,
                "users": [
                    {"id": str(self.manager), "role_id": "manager"},
                    {"id": str(self.north), "role_id": "rep"},
                    {"id": str(self.south), "role_id": "rep2"},
                ],
                "roles": [
                    {"id": "manager", "name": "Manager", "profile_ids": ["p"]},
                    {"id": "rep", "name": "Rep", "parent_id": "manager", "profile_ids": ["p"]},
                    {"id": "rep2", "name": "Rep 2", "parent_id": "manager", "profile_ids": ["p"]},
                ],
                "profiles": [
                    {
                        "id": "p",
                        "name": "Sales",
                        "modules": {m: list(actions) for m in MODULES},
                        "fields": {"tasks": task_fields or {}},
                    }
                ],
                "groups": [{"id": str(self.group), "name": "Desk", "user_ids": [str(self.north)]}],
                "sharing_defaults": {m: sharing for m in MODULES},
            }
        )
        self.service.access.store.save(snapshot)


@pytest.fixture
def team(service, add_owner, tokens):
    t = Team(service, add_owner, tokens)
    t.save()
    return t
