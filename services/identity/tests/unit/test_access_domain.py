from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from crm_access import Decider
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Conflict, ValidationFailed
from crm_identity.domain import defaults
from crm_identity.domain.groups import Group
from crm_identity.domain.lockout import Lockout, LockoutPolicy
from crm_identity.domain.policy import UserAccess, build_snapshot, effective_defaults
from crm_identity.domain.profiles import Profile, permissions, validate_fields, validate_modules
from crm_identity.domain.roles import Role, RoleCycle, check_no_cycle, subordinates
from crm_identity.domain.sharing import SharingRule, default_targets

NOW = datetime(2026, 1, 1, tzinfo=UTC)
A, B, C, D = (uuid4() for _ in range(4))
PARENTS = {A: None, B: A, C: B, D: A}


def test_a_role_cannot_move_below_itself_or_its_subordinates():
    for new_parent in (A, B, C):
        with pytest.raises(RoleCycle):
            check_no_cycle(A, new_parent, PARENTS)
    with pytest.raises(RoleCycle):
        check_no_cycle(B, C, PARENTS)
    assert isinstance(RoleCycle(), Conflict)


def test_moving_a_role_sideways_is_fine_and_subordinates_are_transitive():
    check_no_cycle(C, D, PARENTS)
    check_no_cycle(D, C, PARENTS)
    assert subordinates(A, PARENTS) == {B, C, D} and subordinates(C, PARENTS) == set()


def test_modules_and_fields_are_validated_and_normalised():
    assert validate_modules({"leads": ["export", "view"]}) == {"leads": ("view", "export")}
    assert validate_modules({"leads": []}) == {}
    assert validate_fields({"leads": {"a": "editable", "b": "hidden"}}) == {
        "leads": {"b": "hidden"}
    }
    for bad in ({"wizards": ["view"]}, {"leads": ["fly"]}):
        with pytest.raises(ValidationFailed):
            validate_modules(bad)


def a_profile(**fields):
    values = dict(
        id=uuid4(),
        name="P",
        description="",
        view_all=False,
        edit_all=False,
        modules={},
        fields={},
        created_at=NOW,
        updated_at=NOW,
    )
    values.update(fields)
    return Profile(**values)


def test_permissions_are_the_union_of_profiles_with_view_all_expanded():
    perms = permissions(
        [
            a_profile(modules={"leads": ("view", "edit")}),
            a_profile(modules={"tickets": ("view",)}, view_all=True),
        ]
    )
    assert {"leads.view", "leads.edit", "tickets.view", "invoices.view"} <= set(perms)
    assert "invoices.edit" not in perms


def test_accounts_and_contacts_share_one_sharing_setting():
    assert default_targets("contacts", "public_read") == ("accounts", "contacts")
    assert default_targets("leads", "private") == ("leads",)
    with pytest.raises(ValidationFailed):
        default_targets("products", "private")
    with pytest.raises(ValidationFailed):
        default_targets("leads", "open_to_all")
    values = effective_defaults({"contacts": "public_read", "leads": "public_read_write"})
    assert values["accounts"] == values["contacts"] == "public_read"
    assert values["leads"] == "public_read_write" and values["tickets"] == "private"
    assert "products" not in values


def test_the_snapshot_drives_the_chassis_decider_as_intended():
    sales = a_profile(
        id=defaults.SALES_PROFILE,
        modules={"leads": ("view", "edit")},
        fields={"leads": {"rating": "read_only"}},
    )
    roles = [Role(r.id, r.name, r.parent_id, r.profile_ids, "", NOW, NOW) for r in defaults.ROLES]
    manager, rep1, rep2 = uuid4(), uuid4(), uuid4()
    group = Group(uuid4(), "Team", "", (rep2,), (), (), NOW, NOW)
    rule = SharingRule(
        uuid4(), "leads", "role", defaults.SALES_REP, "group", group.id, "read", NOW, NOW
    )
    snapshot = build_snapshot(
        7,
        users=[
            UserAccess(manager, defaults.SALES_MANAGER, False, True, "user"),
            UserAccess(rep1, defaults.SALES_REP, False, True, "user"),
            UserAccess(rep2, defaults.SALES_REP, False, False, "user"),
        ],
        roles=roles,
        profiles=[sales],
        groups=[group],
        sharing_defaults={},
        sharing_rules=[rule],
    )
    assert snapshot.version == 7 and snapshot.sharing_defaults["leads"] == "private"
    assert set(snapshot.unowned_modules) == {"products", "price_books", "knowledge_base", "vendors"}
    decider = Decider(snapshot, "sales")
    boss = Principal(str(manager))
    assert decider.can_act(boss, "leads", "view", rep1)  # a subordinate's record
    assert not decider.can_act(Principal(str(rep1)), "leads", "view", manager)
    assert decider.fields(boss, "leads").read_only == {"rating"}
    assert decider.is_revoked(Principal(str(rep2)))
    # Equal models give equal JSON (sorted), so versions compare like for like.
    again = build_snapshot(
        7,
        users=reversed([UserAccess(manager, None, True, True, "user")]),
        roles=reversed(roles),
        profiles=[sales],
        groups=[group],
        sharing_defaults={},
        sharing_rules=[rule],
    )
    assert again.roles == snapshot.roles


def test_lockout_backs_off_doubling_up_to_a_cap():
    policy = LockoutPolicy(max_failures=3, base_seconds=30, max_seconds=100)
    state = Lockout("email:x")
    now = NOW
    waits = []
    for _ in range(3):
        locked = [state.fail(now, policy) for _ in range(3)]
        assert locked == [False, False, True]
        waits.append(state.retry_after(now))
        now = state.locked_until + timedelta(seconds=1)
        assert state.retry_after(now) is None
    assert waits == [30, 60, 100]
    state.succeed()
    assert state.level == 0 and state.failures == 0 and state.locked_until is None
