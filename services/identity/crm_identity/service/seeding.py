"""First-start seed of the access model: default profiles, roles, sharing; first policy.

Idempotent and safe when several processes start at once: rows have fixed ids and are only
inserted when the tables are empty (a second process's insert is refused as a name taken);
users without a role get the default one; a published policy the tables no longer match
(after a migration) is published again.
"""

from __future__ import annotations

from datetime import datetime

from crm_chassis.logging import get_logger
from crm_identity.domain import defaults
from crm_identity.domain.commands import SeedAccessModel
from crm_identity.domain.errors import NameTaken
from crm_identity.domain.modules import OWNED
from crm_identity.domain.ports import Clock
from crm_identity.domain.profiles import Profile
from crm_identity.domain.roles import Role
from crm_identity.domain.sharing import PRIVATE
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory

log = get_logger(__name__)


def _seed_defaults(tx: IdentityUnitOfWork, now: datetime) -> None:
    for p in defaults.PROFILES:
        tx.profiles.add(
            Profile(
                p.id, p.name, p.description, p.view_all, p.edit_all, dict(p.modules), {}, now, now
            )
        )
    for r in defaults.ROLES:
        tx.roles.add(Role(r.id, r.name, r.parent_id, r.profile_ids, "", now, now))
    for module in OWNED:
        tx.sharing_defaults.set(module, PRIVATE, now)


def _give_users_a_role(tx: IdentityUnitOfWork) -> None:
    # Users from before roles existed: a migration step, not a change anyone made, so no
    # user event; the policy changes all the same.
    role_ids = {r.id for r in tx.roles.all()}
    for user in tx.users.without_role():
        wanted = defaults.ADMIN_ROLE if user.is_admin else defaults.DEFAULT_USER_ROLE
        if wanted not in role_ids:
            continue
        loaded = user.version
        user.role_id = wanted
        tx.users.save(user, expected_version=loaded)
        tx.mark_policy_changed()


def _stale(tx: IdentityUnitOfWork, version: int, published: str) -> bool:
    """The published policy no longer says what the tables do (a migration changed the
    access model, e.g. 0003 gave the Read Only profile "view all"): publish it again."""
    return tx.snapshot(version).to_json() != published


def seed_access_model(
    cmd: SeedAccessModel, *, uow: IdentityUnitOfWorkFactory, clock: Clock
) -> bool:
    """Seed defaults when there are no roles yet; publish version 1; return True if seeded."""
    now = clock()
    try:
        with uow() as tx:
            seeded = not tx.roles.all()
            if seeded:
                _seed_defaults(tx, now)
            _give_users_a_role(tx)
            version, snapshot = tx.policy.current()
            if seeded or snapshot is None or _stale(tx, version, snapshot):
                tx.mark_policy_changed()
    except NameTaken:
        # Another process seeded at the same moment.
        log.info("identity.access_model.seeded_elsewhere")
        return False
    if seeded:
        log.info("identity.access_model.seeded")
    return seeded
