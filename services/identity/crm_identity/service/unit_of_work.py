"""One transaction, its repositories, and the events its aggregates recorded.

Events go to the outbox in the same transaction as the change, just before commit: the
change and its event commit together or not at all. A transaction that changed the access
model (or a user's role, admin flag, state or kind) also bumps the policy version, stores
the new snapshot and writes ``identity.policy.changed.v1`` with it, in that same
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from crm_access.model import PolicySnapshot
from crm_chassis.db import Database, utcnow
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
    UserRepository,
)
from crm_identity.domain.events import DomainEvent, UserCreated, UserUpdated
from crm_identity.domain.policy import build_snapshot
from crm_identity.domain.users import POLICY_FIELDS

Clock = Callable[[], datetime]


class Publisher(Protocol):
    def publish(self, session: Session, events: list[DomainEvent]) -> None: ...

    def publish_policy(self, session: Session, snapshot: PolicySnapshot, at: datetime) -> None: ...


class Tx:
    """The repositories of one transaction."""

    def __init__(self, session: Session, clock: Clock = utcnow) -> None:
        self.session = session
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
        self.audit = AuditRepository(session, clock)
        self.policy_changed = False

    def mark_policy_changed(self) -> None:
        self.policy_changed = True

    def collect_events(self) -> list[DomainEvent]:
        events: list[DomainEvent] = []
        for user in self.users.seen:
            events.extend(user.pull_events())
        self.users.seen.clear()
        for event in events:
            if isinstance(event, UserCreated) or (
                isinstance(event, UserUpdated) and POLICY_FIELDS & set(event.changed_fields)
            ):
                self.policy_changed = True
        return events

    def build_snapshot(self, version: int) -> PolicySnapshot:
        return build_snapshot(
            version,
            users=self.users.access_facts(),
            roles=self.roles.all(),
            profiles=self.profiles.all(),
            groups=self.groups.all(),
            sharing_defaults=self.sharing_defaults.all(),
            sharing_rules=self.sharing_rules.all(),
        )


class UnitOfWork:
    def __init__(self, db: Database, publisher: Publisher, clock: Clock = utcnow) -> None:
        self.db = db
        self.publisher = publisher
        self.clock = clock

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """Yield a write transaction; publish recorded events and commit on success."""
        with self.db.transaction() as session:
            tx = Tx(session, self.clock)
            yield tx
            self.publisher.publish(session, tx.collect_events())
            if tx.policy_changed:
                self._publish_policy(tx)

    def _publish_policy(self, tx: Tx) -> None:
        # Bump first: the row lock orders concurrent publishers, and the snapshot is read
        # after it, so each version includes every change committed before it.
        version = tx.policy.bump()
        snapshot = tx.build_snapshot(version)
        now = self.clock()
        tx.policy.store(version, snapshot.to_json(), now)
        self.publisher.publish_policy(tx.session, snapshot, now)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.reading() as session:
            yield Tx(session, self.clock)
