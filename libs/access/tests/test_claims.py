"""ClaimsAccessPolicy: decisions from the token alone (admin role, perms claim, scopes)."""

from __future__ import annotations

import pytest

from crm_access import ClaimsAccessPolicy
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

POLICY = ClaimsAccessPolicy("notes")


@pytest.mark.parametrize(
    ("principal", "action", "allowed"),
    [
        (Principal(subject="a", roles=("admin",)), "delete", True),
        (Principal(subject="u", permissions=frozenset({"notes.view"})), "view", True),
        (Principal(subject="u", permissions=frozenset({"notes.view"})), "create", False),
        (Principal(subject="u", permissions=frozenset({"notes.*"})), "delete", True),
        (
            Principal(subject="s", kind="service", scopes=frozenset({"notes.notes.read"})),
            "view",
            True,
        ),
        (
            Principal(subject="s", kind="service", scopes=frozenset({"notes.notes.read"})),
            "edit",
            False,
        ),
        (
            Principal(subject="s", kind="service", scopes=frozenset({"notes.notes.write"})),
            "edit",
            True,
        ),
        (Principal(subject="s", kind="service", scopes=frozenset({"notes.*"})), "delete", True),
        (
            Principal(subject="s", kind="service", scopes=frozenset({"other.notes.read"})),
            "view",
            False,
        ),
    ],
)
def test_claims_decide(principal: Principal, action: str, allowed: bool) -> None:
    assert POLICY.allows(principal, "notes", action) is allowed
    if not allowed:
        with pytest.raises(Forbidden):
            POLICY.check(principal, "notes", action)
