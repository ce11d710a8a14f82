"""The decision order of docs/domain.md, step by step, against one small organisation."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from crm_access import Decider, PolicySnapshot
from crm_access.model import Group, Profile, Role, SharingRule, UserFacts
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

SALES = Profile(
    id="p-sales",
    name="Sales",
    modules={
        "accounts": ("view", "create", "edit", "delete"),
        "leads": ("view", "create", "edit", "delete", "import"),
        "price_books": ("view",),
    },
    fields={"accounts": {"annual_revenue": "read_only", "credit_limit": "hidden"}},
)
READER = Profile(id="p-read", name="Read only", modules={"accounts": ("view",)})
AUDITOR = Profile(id="p-audit", name="Auditor", view_all=True, modules={"accounts": ("view",)})
# A second profile on one role: field modes combine to the most permissive.
FIELD_OPENER = Profile(
    id="p-open", name="Opener", fields={"accounts": {"credit_limit": "read_only"}}
)

ROLES = (
    Role(id="org", name="Organisation", profile_ids=("p-sales",)),
    Role(id="vp", name="VP Sales", parent_id="org", profile_ids=("p-sales",)),
    Role(id="mgr", name="Sales Manager", parent_id="vp", profile_ids=("p-sales",)),
    Role(id="rep", name="Sales Rep", parent_id="mgr", profile_ids=("p-sales",)),
    Role(id="support", name="Support", parent_id="org", profile_ids=("p-read",)),
    Role(id="audit", name="Auditor", parent_id="org", profile_ids=("p-audit",)),
    Role(id="lead-rep", name="Lead rep", parent_id="mgr", profile_ids=("p-sales", "p-open")),
)
USERS = (
    UserFacts(id="admin", role_id="org", is_admin=True),
    UserFacts(id="vp", role_id="vp"),
    UserFacts(id="mgr", role_id="mgr"),
    UserFacts(id="rep-a", role_id="rep"),
    UserFacts(id="rep-b", role_id="rep"),
    UserFacts(id="sup", role_id="support"),
    UserFacts(id="aud", role_id="audit"),
    UserFacts(id="lead-rep", role_id="lead-rep"),
    UserFacts(id="gone", role_id="rep", active=False),
)
GROUPS = (Group(id="g-key", name="Key accounts", user_ids=("rep-b",)),)


def snapshot(**changes: object) -> PolicySnapshot:
    base = {
        "version": 1,
        "users": USERS,
        "roles": ROLES,
        "profiles": (SALES, READER, AUDITOR, FIELD_OPENER),
        "groups": GROUPS,
        "sharing_defaults": {"accounts": "private", "leads": "private"},
        "unowned_modules": ("price_books",),
    }
    base.update(changes)
    return PolicySnapshot(**base)  # type: ignore[arg-type]


def user(sub: str, **kw: object) -> Principal:
    return Principal(subject=sub, **kw)  # type: ignore[arg-type]


@pytest.fixture
def d() -> Decider:
    return Decider(snapshot(), "contacts")


# -- steps 1-5: module and action -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sub", "module", "action", "allowed"),
    [
        ("admin", "accounts", "delete", True),  # 1. administrators may do everything
        ("admin", "settings", "edit", True),
        ("mgr", "settings", "view", False),  # 2. settings are for administrators only
        ("aud", "accounts", "view", True),  # 3. view all
        ("aud", "accounts", "edit", False),
        ("sup", "leads", "view", False),  # 4. no module access
        ("sup", "accounts", "view", True),
        ("sup", "accounts", "edit", False),  # 5. action not granted
        ("rep-a", "leads", "import", True),
        ("rep-a", "leads", "export", False),  # import/export denied unless granted
        ("rep-a", "accounts", "import", False),
        ("gone", "accounts", "view", False),  # an inactive user may do nothing
    ],
)
def test_module_actions(d: Decider, sub: str, module: str, action: str, allowed: bool) -> None:
    assert d.allows(user(sub), module, action) is allowed


def test_check_raises_forbidden(d: Decider) -> None:
    with pytest.raises(Forbidden):
        d.check(user("sup"), "accounts", "delete")
    d.check(user("sup"), "accounts", "view")


def test_an_admin_flag_in_the_token_does_not_beat_the_snapshot(d: Decider) -> None:
    # The snapshot is newer than any token: a demoted admin's old token grants nothing more.
    assert not d.allows(user("rep-a", roles=("admin",)), "settings", "view")


def test_unknown_user_falls_back_to_token_permissions(d: Decider) -> None:
    newcomer = user("new", permissions=frozenset({"accounts.view"}))
    assert d.allows(newcomer, "accounts", "view")
    assert not d.allows(newcomer, "accounts", "edit")
    assert d.record_scope(newcomer, "accounts").owner_ids == {"new"}


# -- steps 6-11: records ------------------------------------------------------------------------


def owners(d: Decider, sub: str, module: str = "accounts", action: str = "view") -> set[str]:
    scope = d.record_scope(user(sub), module, action)
    assert not scope.all
    return set(scope.owner_ids)


def test_owner_and_hierarchy(d: Decider) -> None:
    assert owners(d, "rep-a") == {"rep-a"}  # 8. own records; a peer's are not visible
    assert owners(d, "mgr") == {"mgr", "rep-a", "rep-b", "gone", "lead-rep"}  # 9. below
    assert owners(d, "vp") >= {"vp", "mgr", "rep-a", "rep-b"}
    assert "vp" not in owners(d, "mgr")  # never upwards


def test_group_membership(d: Decider) -> None:
    assert owners(d, "rep-b") == {"rep-b", "g-key"}  # 10. the owning group contains me
    role_group = Group(id="g-reps", name="Reps", role_ids=("rep",))
    tree_group = Group(id="g-sales", name="Sales", role_and_subordinate_ids=("mgr",))
    d2 = Decider(snapshot(groups=(role_group, tree_group)))
    assert owners(d2, "rep-a") == {"rep-a", "g-reps", "g-sales"}
    assert "g-reps" not in owners(d2, "mgr") - {"rep-a", "rep-b", "gone", "lead-rep"}


def test_admin_view_all_and_unowned_modules_see_everything(d: Decider) -> None:
    assert d.record_scope(user("admin"), "accounts", "delete").all
    assert d.record_scope(user("aud"), "accounts", "view").all
    assert d.record_scope(user("rep-a"), "price_books", "view").all  # 7. no ownership


@pytest.mark.parametrize(
    ("default", "view", "edit", "delete"),
    [
        ("private", False, False, False),
        ("public_read", True, False, False),
        ("public_read_write", True, True, False),
        ("public_read_write_delete", True, True, True),
    ],
)
def test_default_sharing(default: str, view: bool, edit: bool, delete: bool) -> None:
    d = Decider(snapshot(sharing_defaults={"accounts": default}))
    # rep-a may act on a peer's (rep-b's) record exactly as far as the default opens it.
    for action, expected in (("view", view), ("edit", edit), ("delete", delete)):
        assert d.can_act(user("rep-a"), "accounts", action, "rep-b") is expected, action
        assert d.can_act(user("rep-a"), "accounts", action, "rep-a")  # own: always
    # Public sharing never adds an action the profile lacks.
    assert not d.can_act(user("sup"), "accounts", "edit", "sup")


def test_sharing_rules_open_exactly_what_they_say() -> None:
    rules = (
        SharingRule(
            id="r1",
            module="accounts",
            source_kind="role",
            source_id="rep",
            target_kind="role",
            target_id="support",
            access="read",
        ),
        SharingRule(
            id="r2",
            module="accounts",
            source_kind="group",
            source_id="g-key",
            target_kind="role_and_subordinates",
            target_id="mgr",
            access="read_write",
        ),
    )
    d = Decider(snapshot(sharing_rules=rules))
    # r1: support reads reps' accounts, may not edit them, and sees no one else's.
    assert d.can_act(user("sup"), "accounts", "view", "rep-a")
    assert not d.can_act(user("sup"), "accounts", "view", "mgr")
    assert not d.can_act(user("sup"), "accounts", "edit", "rep-a")  # read-only rule
    # r1 is for accounts only.
    assert not d.can_act(user("sup"), "leads", "view", "rep-a")
    # r2: the group's records (and its members') for the manager's subtree, read-write.
    assert d.can_act(user("rep-a"), "accounts", "edit", "g-key")
    assert d.can_act(user("rep-a"), "accounts", "edit", "rep-b")
    assert not d.can_act(user("rep-a"), "accounts", "delete", "rep-b")
    assert not d.can_act(user("vp"), "accounts", "view", "g-key")  # vp is not a target


def test_service_accounts_act_within_their_scopes(d: Decider) -> None:
    finance = Principal(
        subject="svc-finance", kind="service", scopes=frozenset({"contacts.accounts.read"})
    )
    assert d.allows(finance, "accounts", "view")
    assert not d.allows(finance, "accounts", "edit")
    assert not d.allows(finance, "contacts", "view")
    assert d.record_scope(finance, "accounts").all
    reader = Principal(subject="svc-x", kind="service", scopes=frozenset({"contacts.*.read"}))
    assert d.allows(reader, "contacts", "view") and not d.allows(reader, "contacts", "edit")


def test_portal_users_see_their_own_account_only(d: Decider) -> None:
    account = str(uuid.uuid4())
    portal = Principal(
        subject="p1",
        kind="portal",
        scopes=frozenset({"portal.tickets.read"}),
        claims={"account_id": account},
    )
    assert not d.allows(portal, "accounts", "view")
    scope = d.record_scope(portal, "tickets")
    assert scope.portal_account_id == account
    t = sa.table("tickets", sa.column("owner_id"), sa.column("account_id"))
    where = scope.sql(t.c.owner_id, account_column=t.c.account_id)
    assert where is not None and "account_id" in str(where)
    assert scope.sql(t.c.owner_id) is not None  # no account column: nothing, not everything


def test_scope_sql_is_an_in_list_or_nothing(d: Decider) -> None:
    t = sa.table("accounts", sa.column("owner_id"))
    assert d.record_scope(user("admin"), "accounts").sql(t.c.owner_id) is None
    where = d.record_scope(user("mgr"), "accounts").sql(t.c.owner_id)
    compiled = where.compile(compile_kwargs={"render_postcompile": True})
    assert "IN" in str(compiled)
    refused = d.record_scope(user("sup"), "leads")  # no module access at all
    assert str(refused.sql(t.c.owner_id)) in {"false", "0 = 1"}


# -- fields ------------------------------------------------------------------------------------


def test_field_access(d: Decider) -> None:
    fa = d.fields(user("rep-a"), "accounts")
    assert fa.hidden == {"credit_limit"} and fa.read_only == {"annual_revenue"}
    record = {"name": "Acme", "credit_limit": "5000", "annual_revenue": "1"}
    assert fa.redact(record) == {"name": "Acme", "annual_revenue": "1"}
    fa.check_writable(["name"])
    with pytest.raises(Forbidden) as err:
        fa.check_writable(["name", "annual_revenue"])
    assert err.value.errors[0].field == "annual_revenue"
    assert "annual_revenue" in err.value.detail
    with pytest.raises(Forbidden):
        fa.check_writable(["credit_limit"])


def test_field_modes_combine_to_the_most_permissive(d: Decider) -> None:
    fa = d.fields(user("lead-rep"), "accounts")
    # Opener leaves annual_revenue unnamed (editable) and makes credit_limit read-only.
    assert fa.hidden == set() and fa.read_only == {"credit_limit"}


def test_admins_and_services_see_every_field(d: Decider) -> None:
    assert d.fields(user("admin"), "accounts").modes == {}
    svc = Principal(subject="s", kind="service", scopes=frozenset({"contacts.*"}))
    assert d.fields(svc, "accounts").modes == {}


def test_deny_list(d: Decider) -> None:
    assert d.is_revoked(user("gone"))
    assert not d.is_revoked(user("rep-a"))
    assert not d.is_revoked(user("someone-new"))


def test_revoked_tokens_and_sessions_are_refused() -> None:
    from dataclasses import replace

    from crm_access.model import Revocation

    snap = replace(
        snapshot(),
        revocations=(
            Revocation("token", "jti-1", 2_000_000_000),
            Revocation("session", "fam-1", 2_000_000_000),
        ),
    )
    d = Decider(PolicySnapshot.from_json(snap.to_json()), "contacts")  # through the wire
    assert d.is_revoked(user("rep-a", token_id="jti-1"))
    assert d.is_revoked(user("svc", kind="service", token_id="x", claims={"sid": "fam-1"}))
    assert not d.is_revoked(user("rep-a", token_id="jti-2", claims={"sid": "fam-2"}))


def test_snapshot_json_round_trip_ignores_unknown_fields() -> None:
    snap = snapshot()
    text = snap.to_json()
    assert PolicySnapshot.from_json(text) == snap
    assert PolicySnapshot.from_json('{"version": 3, "future_field": 1}').version == 3


def test_explain_names_the_deciding_step() -> None:
    rules = (
        SharingRule(
            id="r1",
            module="accounts",
            source_kind="role",
            source_id="rep",
            target_kind="role",
            target_id="support",
            access="read",
        ),
    )
    d = Decider(snapshot(sharing_rules=rules))
    assert "owns" in d.explain(user("rep-a"), "accounts", "view", "rep-a")
    assert "below" in d.explain(user("mgr"), "accounts", "view", "rep-a")
    assert "group" in d.explain(user("rep-b"), "accounts", "view", "g-key")
    assert "sharing rule" in d.explain(user("sup"), "accounts", "view", "rep-a")
    assert d.explain(user("rep-a"), "accounts", "view", "rep-b").startswith("refused")
    assert d.explain(user("sup"), "accounts", "edit", "rep-a").startswith("refused")


def test_scope_sql_skips_ids_the_column_cannot_hold(d: Decider) -> None:
    t = sa.table("accounts", sa.column("owner_id"))
    scope = d.record_scope(user("rep-a"), "accounts")  # "rep-a" is not a UUID
    assert str(scope.sql(t.c.owner_id, convert=uuid.UUID)) in {"false", "0 = 1"}


@pytest.mark.parametrize(
    "sharing", ["private", "public_read", "public_read_write", "public_read_write_delete"]
)
def test_view_all_sees_every_record_of_every_module_whatever_the_sharing(sharing: str) -> None:
    """Case 17: the auditor's profile (view all, only "view" granted) reads everything,
    including modules its profile does not list, and writes nothing anywhere."""
    modules = ("accounts", "leads", "opportunities", "invoices", "tasks")
    decider = Decider(snapshot(sharing_defaults={m: sharing for m in modules}), "sales")
    aud = user("aud")
    for module in modules:
        scope = decider.record_scope(aud, module, "view")
        assert scope.all and decider.can_act(aud, module, "view", "rep-a"), module
        for action in ("create", "edit", "delete", "import"):
            assert not decider.allows(aud, module, action), (module, action)
            assert not decider.can_act(aud, module, action, "aud"), (module, action)
        with pytest.raises(Forbidden):
            decider.check(aud, module, "edit")
    assert "profile" in decider.explain(aud, "leads", "view", "rep-a")
