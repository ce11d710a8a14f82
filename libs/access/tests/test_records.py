"""RecordAccess: the decisions bound to a service's tables by configuration alone."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa

from crm_access import Decider, PolicySnapshot, PortalMatch, RecordAccess
from crm_access.model import Group, Profile, Role, UserFacts
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

MGR, REP, PEER, GONE = (str(uuid.uuid4()) for _ in range(4))
ACCOUNT, CONTACT = str(uuid.uuid4()), str(uuid.uuid4())
GROUP = str(uuid.uuid4())
SALES = Profile(
    id="p",
    name="Sales",
    modules={m: ("view", "edit") for m in ("invoices", "vendors", "orders", "contacts")},
    fields={"invoices": {"margin": "hidden", "total": "read_only"}},
)
SNAPSHOT = PolicySnapshot(
    version=1,
    users=(
        UserFacts(id=MGR, role_id="mgr"),
        UserFacts(id=REP, role_id="rep"),
        UserFacts(id=PEER, role_id="rep"),
        UserFacts(id=GONE, role_id="rep", active=False),
    ),
    roles=(
        Role(id="mgr", name="Sales Manager", profile_ids=("p",)),
        Role(id="rep", name="Rep", parent_id="mgr", profile_ids=("p",)),
    ),
    profiles=(SALES,),
    groups=(Group(id=GROUP, name="Team", user_ids=(REP, GONE)),),
)


class Store:
    """Stands in for a PolicyStore: hands out a decider over a fixed snapshot."""

    def __init__(self, snapshot: PolicySnapshot) -> None:
        self._decider = Decider(snapshot, "billing")

    def decider(self) -> Decider:
        return self._decider


@pytest.fixture
def access() -> RecordAccess:
    return RecordAccess(
        Store(SNAPSHOT),  # type: ignore[arg-type]
        unowned={"vendors"},
        portal={
            "invoices": PortalMatch(account="account_id"),
            "contacts": PortalMatch(account="account_id", contact="id"),
        },
    )


def user(sub: str) -> Principal:
    return Principal(subject=sub)


def portal(scope: str) -> Principal:
    return Principal(
        subject="p-1",
        kind="portal",
        scopes=frozenset({f"portal.{scope}.read"}),
        claims={"account_id": ACCOUNT, "contact_id": CONTACT},
    )


TABLE = sa.table(
    "invoices", sa.column("id"), sa.column("owner_id"), sa.column("account_id"), sa.column("x")
)


def sql(condition: Any) -> str:
    return str(condition.compile(compile_kwargs={"render_postcompile": True}))


def test_unowned_modules_need_module_access_only(access: RecordAccess) -> None:
    assert access.visible_filter(user(REP), "vendors", TABLE) is None
    assert str(access.visible_filter(user(str(uuid.uuid4())), "vendors", TABLE)) in {
        "false",
        "0 = 1",
    }
    assert access.can_see(user(REP), "vendors", SimpleNamespace(owner_id=PEER))


def test_owned_modules_filter_on_the_owner(access: RecordAccess) -> None:
    assert "owner_id IN" in sql(access.visible_filter(user(MGR), "invoices", TABLE))
    assert access.can_see(user(MGR), "invoices", SimpleNamespace(owner_id=REP))
    assert access.can_see(user(REP), "invoices", SimpleNamespace(owner_id=GROUP))
    assert not access.can_see(user(REP), "invoices", SimpleNamespace(owner_id=PEER))
    with pytest.raises(Forbidden):
        access.require_on(user(REP), "invoices", "edit", SimpleNamespace(owner_id=PEER))


def test_portal_callers_match_the_configured_columns(access: RecordAccess) -> None:
    assert "account_id =" in sql(access.visible_filter(portal("invoices"), "invoices", TABLE))
    contacts = sa.table("contacts", sa.column("id"), sa.column("account_id"))
    where = sql(access.visible_filter(portal("contacts"), "contacts", contacts))
    assert "account_id =" in where and "contacts.id =" in where
    # A module with no portal columns shows a portal caller nothing.
    assert str(access.visible_filter(portal("orders"), "orders", TABLE)) in {"false", "0 = 1"}
    mine = SimpleNamespace(id="c", account_id=uuid.UUID(ACCOUNT), owner_id=None)
    theirs = SimpleNamespace(id="c", account_id=uuid.uuid4(), owner_id=None)
    assert access.can_see(portal("invoices"), "invoices", mine)
    assert not access.can_see(portal("invoices"), "invoices", theirs)
    me = SimpleNamespace(id=uuid.UUID(CONTACT), account_id=None)
    assert access.can_see(portal("contacts"), "contacts", me)
    assert not access.can_see(portal("orders"), "orders", mine)


def test_field_access_and_module_checks(access: RecordAccess) -> None:
    assert access.fields(user(REP), "invoices").hidden == {"margin"}
    with pytest.raises(Forbidden):
        access.check_writable(user(REP), "invoices", ["total"])
    assert access.allows(user(REP), "invoices", "view")
    with pytest.raises(Forbidden):
        access.require(user(REP), "invoices", "delete")
    assert access.policy is access.store


def test_facts_of_the_policy(access: RecordAccess) -> None:
    assert access.is_group(uuid.UUID(GROUP)) and not access.is_group(REP)
    assert access.group_members(GROUP) == [REP, GONE]
    assert access.group_members("nope") == []
    assert access.active_users([REP, GONE, "stranger"]) == {REP}
    assert access.manages(user(MGR), REP) and not access.manages(user(REP), PEER)
    assert access.has_role(user(MGR), ["Sales Manager"])
    assert access.has_role(user(REP), ["rep"]) and not access.has_role(user(REP), ["mgr"])
    assert access.has_role(Principal(subject="x", roles=("mgr",)), ["mgr"])
    assert not access.is_admin(user(MGR))


def test_administrators_and_possible_owners(access: RecordAccess) -> None:
    assert access.administrators() == []  # nobody in this snapshot is an administrator
    assert access.is_owner(REP) and access.is_owner(uuid.UUID(GROUP))
    assert not access.is_owner(GONE) and not access.is_owner(uuid.uuid4())
    admins = sorted(str(uuid.uuid4()) for _ in range(2))
    users = (
        *SNAPSHOT.users,
        UserFacts(id=admins[1], is_admin=True),
        UserFacts(id=admins[0], is_admin=True),
        UserFacts(id=str(uuid.uuid4()), is_admin=True, active=False),
    )
    with_admins = RecordAccess(Store(PolicySnapshot(version=2, users=users)))  # type: ignore[arg-type]
    assert with_admins.administrators() == admins


def test_portal_callers_lose_staff_only_fields_and_rows(access: RecordAccess) -> None:
    configured = RecordAccess(
        access.store,
        portal={"invoices": PortalMatch(account="account_id")},
        portal_hidden={"invoices": {"owner_id", "dunning_level"}},
        portal_rows={"invoices": ("status", ("Sent", "Paid"))},
    )
    table = sa.table(
        "invoices", sa.column("id"), sa.column("owner_id"), sa.column("account_id"),
        sa.column("status"),
    )  # fmt: skip
    customer = portal("invoices")
    assert configured.fields(customer, "invoices").hidden == {"owner_id", "dunning_level"}
    assert configured.fields(user(REP), "invoices").hidden == {"margin"}
    where = sql(configured.visible_filter(customer, "invoices", table))
    assert "account_id" in where and "status IN" in where
    assert "status" not in sql(configured.visible_filter(user(REP), "invoices", table))
    sent = SimpleNamespace(account_id=ACCOUNT, status="Sent", owner_id=REP)
    draft = SimpleNamespace(account_id=ACCOUNT, status="Created", owner_id=REP)
    assert configured.can_see(customer, "invoices", sent)
    assert not configured.can_see(customer, "invoices", draft)
    assert configured.can_see(user(REP), "invoices", draft)
