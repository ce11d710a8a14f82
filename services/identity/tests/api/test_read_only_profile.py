"""Case 17: the Read Only profile (the Auditor's) reads every record of every module and
writes none, as identity publishes it and the access engine decides from it."""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import Decider
from crm_chassis.auth.principal import Principal
from crm_identity.adapters import tables as t
from crm_identity.domain import defaults
from crm_identity.domain.commands import SeedAccessModel
from crm_identity.domain.modules import MODULES

WRITES = ("create", "edit", "delete", "import")


def _read_only() -> sa.Update:
    return sa.update(t.profiles).where(t.profiles.c.id == defaults.READ_ONLY)


def test_read_only_profile_is_seeded_with_view_all_and_no_write(policy):
    snapshot = policy.latest()
    [read_only] = [p for p in snapshot.profiles if p.id == str(defaults.READ_ONLY)]
    assert read_only.view_all and not read_only.edit_all
    assert all(set(actions) == {"view"} for actions in read_only.modules.values())


def test_a_read_only_user_sees_every_record_and_may_write_nothing(policy, new_user, identity):
    with identity.db.transaction() as s:  # the demo's Auditor: a role holding Read Only
        s.execute(
            sa.update(t.roles)
            .where(t.roles.c.id == defaults.SUPPORT_AGENT)
            .values(profile_ids=[str(defaults.READ_ONLY)])
        )
    identity.run(SeedAccessModel())  # the tables changed under it: published again
    auditor = new_user(role_id=defaults.SUPPORT_AGENT)
    decider = Decider(policy.latest(), "sales")
    me = Principal(subject=str(auditor.id), kind="user", roles=())
    for module in sorted(set(MODULES) - {"settings"}):
        assert decider.record_scope(me, module, "view").all, module
        for action in WRITES:
            assert not decider.allows(me, module, action), (module, action)
    assert not decider.allows(me, "settings", "view")


def test_a_stale_published_policy_is_published_again_once(policy, identity):
    # An install seeded before the fix: the row said view_all false.
    with identity.db.transaction() as s:
        s.execute(_read_only().values(view_all=False))
    identity.run(SeedAccessModel())
    stale = policy.latest()
    assert not next(p for p in stale.profiles if p.id == str(defaults.READ_ONLY)).view_all
    with identity.db.transaction() as s:  # what migration 0003 does
        s.execute(_read_only().values(view_all=True))
    identity.run(SeedAccessModel())
    fresh = policy.latest()
    assert fresh.version == stale.version + 1
    assert next(p for p in fresh.profiles if p.id == str(defaults.READ_ONLY)).view_all
    identity.run(SeedAccessModel())  # nothing changed: nothing published
    assert policy.latest().version == fresh.version
