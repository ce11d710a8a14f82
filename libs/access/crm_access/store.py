"""Each service's local copy of the access policy, and how it stays current.

The copy lives in the service's own database (one row of ``access_policy``), not in process
memory: a service runs several processes (gunicorn workers, the gRPC server, the worker),
and all of them must agree within a second or two. The worker writes it (from
``identity.policy.changed.v1`` and, on start, from identity's ``PolicyService.GetSnapshot``);
every process reads it through :class:`PolicyStore`, which checks the stored version at most
once per ``refresh_seconds`` and re-parses only when it changed.

Only a newer version replaces the copy, so redelivered or reordered events are harmless.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Session

from crm.identity.v1 import events_pb2
from crm_access.decisions import Decider
from crm_access.model import PolicySnapshot
from crm_chassis.auth.principal import Principal
from crm_chassis.db.engine import Database
from crm_chassis.db.types import UTCDateTime, utcnow
from crm_chassis.logging import get_logger

log = get_logger("crm_access")

POLICY_TABLE = "access_policy"
POLICY_CHANGED = "identity.policy.changed.v1"
_ROW = 1


def add_policy_table(metadata: MetaData) -> Table:
    """Define ``access_policy`` on a service's MetaData (once) and return it."""
    if POLICY_TABLE in metadata.tables:
        return metadata.tables[POLICY_TABLE]
    return Table(
        POLICY_TABLE,
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )


def create_policy_table_v1(op: Any) -> None:
    """Create ``access_policy`` (v1) from an Alembic migration's ``upgrade()``."""
    op.create_table(
        POLICY_TABLE,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def save_snapshot(session: Session, table: Table, snapshot: PolicySnapshot) -> bool:
    """Store ``snapshot`` if it is newer than the copy; return whether it was stored."""
    current = session.execute(
        sa.select(table.c.version).where(table.c.id == _ROW).with_for_update()
    ).scalar_one_or_none()
    if current is not None and current >= snapshot.version:
        return False
    values = {"version": snapshot.version, "snapshot": snapshot.to_json(), "received_at": utcnow()}
    if current is None:
        session.execute(table.insert().values(id=_ROW, **values))
    else:
        session.execute(table.update().where(table.c.id == _ROW).values(**values))
    log.info("access policy stored", version=snapshot.version)
    return True


class PolicyStore:
    """Hands out the :class:`Decider` for the newest stored snapshot, for any process role."""

    def __init__(
        self,
        db: Database,
        table: Table,
        service: str,
        *,
        refresh_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.table = table
        self.service = service
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._decider = Decider(PolicySnapshot(), service)
        self._checked_at: float | None = None

    def decider(self) -> Decider:
        """Return the current decider, re-reading the copy when it may have changed."""
        now = self._clock()
        if self._checked_at is not None and now - self._checked_at < self.refresh_seconds:
            return self._decider
        with self._lock:
            if self._checked_at is None or now - self._checked_at >= self.refresh_seconds:
                self._reload()
                self._checked_at = now
        return self._decider

    def _reload(self) -> None:
        try:
            with self.db.reading() as session:
                version = session.execute(
                    sa.select(self.table.c.version).where(self.table.c.id == _ROW)
                ).scalar_one_or_none()
                if version is None or version == self._decider.version:
                    return
                text = session.execute(
                    sa.select(self.table.c.snapshot).where(self.table.c.id == _ROW)
                ).scalar_one()
        except sa.exc.SQLAlchemyError as exc:
            # Keep deciding with the copy we hold; a database hiccup must not open access.
            log.warning("access policy reload failed", error=str(exc))
            return
        self._decider = Decider(PolicySnapshot.from_json(text), self.service)
        log.info("access policy loaded", version=self._decider.version)

    def save(self, snapshot: PolicySnapshot) -> bool:
        """Store ``snapshot`` in its own transaction (used by the start-up fetch)."""
        with self.db.transaction() as session:
            stored = save_snapshot(session, self.table, snapshot)
        self._checked_at = None
        return stored

    def check(self, principal: Principal, module: str, action: str) -> None:
        """The :class:`~crm_chassis.auth.policy.AccessPolicy` hook (steps 1-5) for app and gRPC."""
        self.decider().check(principal, module, action)

    def is_revoked(self, principal: Principal) -> bool:
        """The deny-list hook for :class:`~crm_chassis.auth.tokens.TokenVerifier`."""
        return self.decider().is_revoked(principal)


def policy_changed_handler(table: Table) -> Callable[[Session, Any], None]:
    """Return the event handler that stores ``identity.policy.changed.v1`` snapshots."""

    def keep_policy(session: Session, envelope: Any) -> None:
        msg = envelope.parse(events_pb2.PolicyChanged)
        save_snapshot(session, table, PolicySnapshot.from_json(msg.snapshot_json))

    return keep_policy
