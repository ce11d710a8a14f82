"""The deny-list cache while the database is away (the fault suite's PostgreSQL outage):
a user read before keeps their last answer, a user never read gets no answer (503)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_contacts.adapters import owner_directory
from crm_contacts.adapters.owner_directory import OwnerRevocations
from crm_contacts.domain.owners import Owner

T0 = datetime(2026, 3, 1, tzinfo=UTC)


class FlakyDatabase:
    """Answers from ``owners`` until ``down`` is set, then refuses every connection."""

    def __init__(self, owners: dict[uuid.UUID, Owner]) -> None:
        self.owners = owners
        self.down = False
        self.reads = 0

    @contextmanager
    def reading(self):
        if self.down:
            raise sa.exc.OperationalError("SELECT", {}, Exception("connection refused"))
        self.reads += 1
        yield self

    def execute(self, statement):
        found = self.owners.get(statement.whereclause.right.value)  # WHERE owners.id = :id
        return type("Result", (), {"first": lambda _self: found})()


@pytest.fixture
def directory(monkeypatch):
    monkeypatch.setattr(owner_directory.rows, "owner_from_row", lambda row: row)
    active = Owner(uuid.uuid4(), "a@example.com", "A", True, T0)
    gone = Owner(uuid.uuid4(), "g@example.com", "G", False, T0, deactivated_at=T0)
    db = FlakyDatabase({active.id: active, gone.id: gone})
    now = [0.0]
    revocations = OwnerRevocations(db, ttl=5.0, clock=lambda: now[0])  # type: ignore[arg-type]
    return revocations, db, now, active, gone


def user(owner: Owner) -> Principal:
    return Principal(subject=str(owner.id), claims={"iat": T0.timestamp() + 60})


def test_a_known_user_keeps_the_last_answer_while_the_database_is_away(directory):
    revocations, db, now, active, gone = directory
    assert (revocations(user(active)), revocations(user(gone))) == (False, True)
    db.down, now[0] = True, 60.0  # the cache entries are stale, the database refuses
    assert revocations(user(active)) is False
    assert revocations(user(gone)) is True  # still refused: no door opened by the outage
    db.down = False
    assert revocations(user(active)) is False and db.reads == 3  # read afresh once back


def test_a_user_never_read_gets_no_answer_while_the_database_is_away(directory):
    revocations, db, _, active, _ = directory
    db.down = True
    with pytest.raises(sa.exc.OperationalError):
        revocations(user(active))
