"""The one owner rule: an active internal user, or a group where the module allows one."""

from __future__ import annotations

import pytest

from crm_access import NOT_AN_OWNER, NOT_AN_OWNER_OR_GROUP, check_owner, owner_problem
from crm_access.model import Group, PolicySnapshot, UserFacts
from crm_chassis.errors import InvalidFields

SNAPSHOT = PolicySnapshot(
    version=1,
    users=(
        UserFacts("rep"),
        UserFacts("gone", active=False),
        UserFacts("customer", kind="portal"),
    ),
    groups=(Group("team", "Team", user_ids=("rep",)),),
)


@pytest.mark.parametrize("owner", ["rep", "team"])
def test_active_internal_users_and_groups_may_own(owner: str) -> None:
    assert owner_problem(SNAPSHOT, owner) is None
    check_owner(SNAPSHOT, owner)


@pytest.mark.parametrize("owner", ["nobody", "gone", "customer", None, ""])
def test_unknown_deactivated_portal_and_missing_owners_are_refused(owner: str | None) -> None:
    with pytest.raises(InvalidFields) as refused:
        check_owner(SNAPSHOT, owner)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("owner_id", NOT_AN_OWNER_OR_GROUP)
    ]


def test_groups_only_where_the_module_allows_them_and_the_field_is_named() -> None:
    with pytest.raises(InvalidFields) as refused:
        check_owner(SNAPSHOT, "team", "fallback_owner_id", groups=False)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("fallback_owner_id", NOT_AN_OWNER)
    ]
    assert owner_problem(SNAPSHOT, "rep", groups=False) is None


def test_a_local_directory_decides_only_about_ids_the_snapshot_does_not_name() -> None:
    asked: list[str] = []
    check_owner(SNAPSHOT, "brand-new", unknown=asked.append)
    assert asked == ["brand-new"]
    for known in ("gone", "customer"):  # the snapshot's word on a user it knows is final
        with pytest.raises(InvalidFields):
            check_owner(SNAPSHOT, known, unknown=asked.append)
    assert asked == ["brand-new"]
