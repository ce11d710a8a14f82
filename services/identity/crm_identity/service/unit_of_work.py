"""One transaction, identity's repositories, and the events its changes record.

The chassis unit of work writes each recorded domain event to the outbox just before the
commit. Identity adds the access policy: a transaction that changed the access model (or a
user's role, admin flag, activity or creation) also bumps the policy version, stores the
new snapshot and records ``PolicyChanged`` with it, in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from crm_access.model import PolicySnapshot
from crm_chassis.db import Database, utcnow
from crm_chassis.db.unit_of_work import (
    EventRecorder,
    EventSource,
    UnitOfWork,
    UnitOfWorkFactory,
)
from crm_identity.adapters.access import (
    AuditRepository,
    GroupRepository,
    LockoutRepository,
    PolicyStateRepository,
    ProfileRepository,
    RoleRepository,
    SharingDefaultRepository,
    SharingRuleRepository,
)
from crm_identity.adapters.repositories import (
    LoginFailureRepository,
    RefreshTokenRepository,
    ServiceAccountRepository,
    TokenRevocationRepository,
    UserRepository,
)
from crm_identity.domain.events import PolicyChanged, UserCreated, UserUpdated
from crm_identity.domain.policy import build_snapshot
from crm_identity.domain.ports import Clock
from crm_identity.domain.users import POLICY_FIELDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _changes_policy(event: object) -> bool:
    return isinstance(event, UserCreated) or (
        isinstance(event, UserUpdated) and bool(POLICY_FIELDS & set(event.changed_fields))
    )


class IdentityUnitOfWork(UnitOfWork):
    """The repositories of one transaction."""

    def __init__(self, session: Session, record: EventRecorder, clock: Clock = utcnow) -> None:
        super().__init__(session, record)
        self.clock = clock
        self.users = UserRepository(session)
        self.service_accounts = ServiceAccountRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)
        self.login_failures = LoginFailureRepository(session)
        self.roles = RoleRepository(session)
        self.profiles = ProfileRepository(session)
        self.groups = GroupRepository(session)
        self.sharing_rules = SharingRuleRepository(session)
        self.sharing_defaults = SharingDefaultRepository(session)
        self.policy = PolicyStateRepository(session)
        self.lockouts = LockoutRepository(session)
        self.revocations = TokenRevocationRepository(session)
        self.audit = AuditRepository(session, clock)
        self.policy_changed = False

    def mark_policy_changed(self) -> None:
        """Publish a new policy snapshot with this transaction."""
        self.policy_changed = True

    def event_sources(self) -> Iterable[EventSource]:
        return (self.users,)

    def flush_events(self) -> None:
        if any(_changes_policy(e) for user in self.users.seen for e in user.events):
            self.policy_changed = True
        super().flush_events()
        if self.policy_changed:
            self._publish_policy()

    def snapshot(self, version: int) -> PolicySnapshot:
        """The access model as this transaction sees it, as version ``version``."""
        return build_snapshot(
            version,
            users=self.users.access_facts(),
            roles=self.roles.all(),
            profiles=self.profiles.all(),
            groups=self.groups.all(),
            sharing_defaults=self.sharing_defaults.all(),
            sharing_rules=self.sharing_rules.all(),
            revocations=self.revocations.active(self.clock()),
        )

    def _publish_policy(self) -> None:
        # Bump first: the row lock orders concurrent publishers, and the snapshot is read
        # after it, so each version includes every change committed before it.
        version = self.policy.bump()
        text = self.snapshot(version).to_json()
        now = self.clock()
        self.policy.store(version, text, now)
        self._record(
            self.session, PolicyChanged(version=version, snapshot_json=text, changed_at=now)
        )
        self.policy_changed = False


class IdentityUnitOfWorkFactory(UnitOfWorkFactory[IdentityUnitOfWork]):
    """Opens identity's units of work; read-only ones too, for queries and checks."""

    unit = IdentityUnitOfWork

    def __init__(self, db: Database, record: EventRecorder, clock: Clock = utcnow) -> None:
        super().__init__(db, record)
        self.clock = clock

    @contextmanager
    def within(self, session: Session) -> Iterator[IdentityUnitOfWork]:
        # As the chassis's, but each unit gets this factory's clock (audit times).
        uow = IdentityUnitOfWork(session, self.record, self.clock)
        yield uow
        uow.flush_events()

    @contextmanager
    def read(self) -> Iterator[IdentityUnitOfWork]:
        """A unit of work for reading: no events, nothing written."""
        with self.db.reading() as session:
            yield IdentityUnitOfWork(session, self.record, self.clock)
