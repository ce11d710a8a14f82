"""One :class:`Database` per process role: engines and transactional sessions.

SQLite (the laptop default) runs in WAL mode with a busy timeout. Several processes write
the same file (web workers, gRPC server, worker), and a deferred SQLite transaction that
later tries to write can fail at once with "database is locked" (the busy handler is not
consulted on a lock upgrade), so write transactions start with ``BEGIN IMMEDIATE`` and
read-only ones with a plain ``BEGIN``. PostgreSQL needs none of this.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crm_chassis.db.write_gate import WriteGate, gate_for, sqlite_path


def _sqlite_engine(url: str, *, immediate: bool, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        # Take transaction control from pysqlite so that our BEGIN below is the only one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight on the driver connection: through conn.exec_driver_sql this BEGIN went
        # through SQLAlchemy's whole execution path and its tracing, an eighth of a read
        # request's SQL time (py-spy, tests/bench/README.md). Errors stay SQLAlchemy's.
        try:
            conn.connection.driver_connection.execute(begin)
        except sqlite3.Error as exc:
            raise OperationalError(begin, None, exc) from exc

    return engine


def _watch_pools(db: Database) -> None:
    from crm_chassis.ops.metrics import watch_pool

    for name, engine in (("write", db.engine), ("read", db.read_engine)):
        if name == "read" and engine is db.engine:
            continue
        watch_pool(engine, name, lambda e=engine: _pool_size(e.pool))


def _pool_size(pool: object) -> int:
    # QueuePool.size() is a method; SingletonThreadPool.size an int; NullPool and
    # StaticPool have none (0).
    size = getattr(pool, "size", 0)
    return int(size() if callable(size) else size)


# Every live Database of this process, for the two fork moments below.
_live: weakref.WeakSet[Database] = weakref.WeakSet()


def close_pools_before_fork() -> None:
    """Close every pooled connection of this process, before it forks workers.

    The web role builds its app once in gunicorn's master and forks the workers from it
    (crm_chassis.http.serve): a connection the build opened must not be shared by several
    processes (one socket for two PostgreSQL sessions; a SQLite handle a child could close).
    """
    for db in list(_live):
        db.dispose()


def _forget_inherited_pools() -> None:
    # In a forked child: drop (never close) whatever pool the parent had, so the child
    # opens its own connections; closing would end the parent's sessions too.
    for db in list(_live):
        db.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_pools)


class Database:
    """Engines and session factories for one database URL."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool_size: int = 10,
        connect_timeout: int = 3,
        pool_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, immediate=True, echo=echo)
            self.read_engine = _sqlite_engine(url, immediate=False, echo=echo)
            path = sqlite_path(url)
            self._gate: WriteGate | None = gate_for(path) if path else None
        else:
            # Bounded waits: a database that is down or unreachable must fail a request in
            # seconds (503, crm_chassis.db.unavailable), not hang it until the gateway gives
            # up. connect_timeout bounds a connection attempt to a silent host; pool_timeout
            # a wait for a free pooled connection; pre-ping drops connections the server
            # closed while it was down, so service resumes by itself once it is back.
            self.engine = create_engine(
                url,
                echo=echo,
                pool_size=pool_size,
                max_overflow=pool_size,
                pool_pre_ping=True,
                pool_timeout=pool_timeout,
                connect_args={"connect_timeout": connect_timeout},
            )
            self.read_engine = self.engine
            self._gate = None
        _watch_pools(self)
        _live.add(self)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session in a write transaction; commit on success, roll back on error.

        On a SQLite file the transaction first passes the write gate (write_gate.py).
        """
        if self._gate is None:
            with self._write_session() as session:
                yield session
            return
        with self._gate.held(), self._write_session() as session:
            yield session

    @contextmanager
    def _write_session(self) -> Iterator[Session]:
        session = self._writer()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Yield a session for reads only (never commits)."""
        session = self._reader()
        try:
            with session.begin():
                yield session
                session.rollback()
        finally:
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """Yield a Core connection in a read transaction (rolled back at the end).

        For a hot read of rows by Core statements (one record by id): an ORM session's
        transaction bookkeeping around the same SELECT was a third of a by-id GET's SQL time.
        """
        with self.read_engine.connect() as conn:
            transaction = conn.begin()
            try:
                yield conn
            finally:
                transaction.rollback()

    def instrument(self) -> None:
        """Trace SQL statements with OpenTelemetry (once spans are recorded)."""
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        from crm_chassis.tracing import when_recording

        engines = {id(e): e for e in (self.engine, self.read_engine)}
        when_recording(lambda: SQLAlchemyInstrumentor().instrument(engines=list(engines.values())))

    def dispose(self, *, close: bool = True) -> None:
        """Close pooled connections (before a fork, at shutdown); ``close=False`` only
        forgets them (in a forked child, whose parent still uses them)."""
        self.engine.dispose(close=close)
        if self.read_engine is not self.engine:
            self.read_engine.dispose(close=close)
