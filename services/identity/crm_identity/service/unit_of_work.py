"""One transaction, its repositories, and the events its aggregates recorded.

Events go to the outbox in the same transaction as the change, just before commit: the
change and its event commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from crm_chassis.db import Database, utcnow
from crm_identity.adapters.repositories import (
    LoginFailureRepository,
    RefreshTokenRepository,
    ServiceAccountRepository,
    UserRepository,
)
from crm_identity.domain.events import DomainEvent

Clock = Callable[[], datetime]


class Publisher(Protocol):
    def publish(self, session: Session, events: list[DomainEvent]) -> None: ...


class Tx:
    """The repositories of one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.users = UserRepository(session)
        self.service_accounts = ServiceAccountRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)
        self.login_failures = LoginFailureRepository(session)

    def collect_events(self) -> list[DomainEvent]:
        events: list[DomainEvent] = []
        for user in self.users.seen:
            events.extend(user.pull_events())
        self.users.seen.clear()
        return events


class UnitOfWork:
    def __init__(self, db: Database, publisher: Publisher, clock: Clock = utcnow) -> None:
        self.db = db
        self.publisher = publisher
        self.clock = clock

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """Yield a write transaction; publish recorded events and commit on success."""
        with self.db.transaction() as session:
            tx = Tx(session)
            yield tx
            self.publisher.publish(session, tx.collect_events())

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.reading() as session:
            yield Tx(session)
