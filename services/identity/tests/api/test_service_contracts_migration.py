"""Migration 0005: installs seeded before support's service contracts get the module in
their seeded profiles (as the seed grants it) and its private sharing default; the next
first-start work publishes the policy again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from crm_chassis.db.migrate import alembic_config, upgrade
from crm_identity.adapters import tables as t
from crm_identity.domain import defaults
from crm_identity.domain.commands import SeedAccessModel
from crm_identity.entrypoints.migrate import MIGRATIONS

BEFORE = "0004_h_hardening"
MODULE = "service_contracts"
SEEDED = {p.id: list(p.modules[MODULE]) for p in defaults.PROFILES}


def _granted(identity) -> dict:
    with identity.db.transaction() as s:
        rows = s.execute(sa.select(t.profiles.c.id, t.profiles.c.modules)).all()
    return {row.id: row.modules.get(MODULE) for row in rows if row.id in SEEDED}


def _published(policy) -> tuple[dict, str | None]:
    snapshot = policy.latest()
    modules = {p.id: p.modules.get(MODULE) for p in snapshot.profiles}
    return {k: (list(v) if v else v) for k, v in modules.items()}, snapshot.sharing_defaults.get(
        MODULE
    )


def test_an_install_seeded_before_the_module_gets_it_as_the_seed_grants_it(
    settings, identity, policy
):
    url = settings.sqlalchemy_url()
    command.downgrade(alembic_config(MIGRATIONS, url), BEFORE)  # as an old install stood
    assert set(_granted(identity).values()) == {None}
    identity.run(SeedAccessModel())  # the old install's policy: no service contracts
    old = policy.latest()
    assert set(_published(policy)[0].values()) == {None}

    upgrade(MIGRATIONS, url)
    assert _granted(identity) == SEEDED
    identity.run(SeedAccessModel())  # what crm-identity-migrate does after upgrading
    assert policy.latest().version == old.version + 1
    modules, sharing = _published(policy)
    assert {k: modules[str(k)] for k in SEEDED} == SEEDED
    assert sharing == "private"


def test_it_keeps_what_an_administrator_granted_and_runs_once(settings, identity):
    url = settings.sqlalchemy_url()
    command.downgrade(alembic_config(MIGRATIONS, url), BEFORE)
    with identity.db.transaction() as s:  # an administrator gave Sales more already
        row = s.execute(
            sa.select(t.profiles.c.modules).where(t.profiles.c.id == defaults.SALES_PROFILE)
        ).one()
        s.execute(
            sa.update(t.profiles)
            .where(t.profiles.c.id == defaults.SALES_PROFILE)
            .values(modules={**row.modules, MODULE: ["view", "edit"]})
        )
    upgrade(MIGRATIONS, url)
    upgrade(MIGRATIONS, url)  # at head: nothing more
    assert _granted(identity) == {**SEEDED, defaults.SALES_PROFILE: ["view", "edit"]}
    with identity.db.transaction() as s:
        defaults_rows = s.execute(
            sa.select(t.sharing_defaults).where(t.sharing_defaults.c.module == MODULE)
        ).all()
    assert [r.access for r in defaults_rows] == ["private"]
