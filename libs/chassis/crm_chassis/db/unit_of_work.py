"""One transaction around a use case, and the outbox rows of the events its aggregates recorded.

Events go to the outbox in the same transaction as the change, just before the commit, so a
change and its events are kept or lost together (never published after commit, where they
could be lost).

A service subclasses :class:`UnitOfWork` to add its repositories and to name the ones whose
aggregates record events (:meth:`UnitOfWork.event_sources`), and :class:`UnitOfWorkFactory`
to name that subclass. Aggregates expose their pending events as a list ``events``;
repositories expose the aggregates they loaded or added as ``seen``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from crm_chassis.db.engine import Database

#: Writes one domain event to the outbox in the given session.
EventRecorder = Callable[[Session, Any], None]


class EventSource(Protocol):
    """A repository that remembers the aggregates it handed out."""

    @property
    def seen(self) -> Iterable[Any]: ...


class UnitOfWork:
    """The session of one transaction and the recorder its events go through."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        self.session = session
        self._record = record

    def event_sources(self) -> Iterable[EventSource]:
        """Name the repositories whose aggregates record events (none by default)."""
        return ()

    def flush_events(self) -> None:
        """Move the events recorded by every touched aggregate into the outbox, in order.

        A recorder that can write a batch (``record_many``) gets them all at once: one insert
        however many aggregates a use case touched (an overdue run, a merge).
        """
        pending: list[Any] = []
        for repo in self.event_sources():
            for item in repo.seen:
                pending.extend(item.events)
                item.events.clear()
        if not pending:
            return
        record_many = getattr(self._record, "record_many", None)
        if record_many is not None and len(pending) > 1:
            record_many(self.session, pending)
            return
        for event in pending:
            self._record(self.session, event)

    def write_events(self, ready: Sequence[Any]) -> None:
        """Write events made ready by :meth:`UnitOfWorkFactory.prepare_events` (their
        envelopes, or the domain events themselves where the recorder builds none)."""
        write = getattr(self._record, "write", None)
        if write is not None:
            write(self.session, ready)
            return
        for event in ready:
            self._record(self.session, event)


U = TypeVar("U", bound=UnitOfWork)


class UnitOfWorkFactory(Generic[U]):
    """Opens units of work (of the class ``unit``) on one database with one event recorder."""

    unit: ClassVar[type[UnitOfWork]] = UnitOfWork

    def __init__(self, db: Database, record: EventRecorder) -> None:
        self.db = db
        self.record = record

    def prepare_events(self, aggregate: Any) -> list[Any]:
        """Take the aggregate's recorded events and build their outbox envelopes now, before
        the transaction that writes them (:meth:`UnitOfWork.write_events`): on SQLite a
        write transaction holds the file's one write lock, so what is built before it is
        not built while other writers wait."""
        pending = list(aggregate.events)
        aggregate.events.clear()
        prepare = getattr(self.record, "prepare", None)
        return pending if prepare is None else prepare(pending)

    @contextmanager
    def __call__(self) -> Iterator[U]:
        """Yield a unit of work in a new transaction; record its events and commit on success."""
        with self.db.transaction() as session:
            with self.within(session) as uow:
                yield uow

    @contextmanager
    def reading(self) -> Iterator[U]:
        """Yield a unit of work in a read transaction: for use cases that only look.

        On SQLite a write transaction queues for the file's one write lock; a step that
        only reads (a conversion's first look at its lead) need not. A unit that recorded
        events here is a bug: it raises rather than lose them.
        """
        with self.db.reading() as session:
            uow: Any = self.unit(session, self.record)
            yield uow
            if any(item.events for repo in uow.event_sources() for item in repo.seen):
                raise RuntimeError("a read-only unit of work recorded events")

    @contextmanager
    def within(self, session: Session) -> Iterator[U]:
        """Yield a unit of work inside a transaction someone else owns (an event consumer's)."""
        uow: Any = self.unit(session, self.record)
        yield uow
        uow.flush_events()

    def joining(self, session: Session) -> UnitOfWorkFactory[U]:
        """A factory whose units all join ``session`` (use cases run by an event handler)."""
        return _Joined(self, session)


class _Joined(UnitOfWorkFactory[U]):
    """Opens units inside one transaction another part owns; it commits, not the units.

    Units come from the parent's own ``within``, so a factory that builds its units with
    more than a session and a recorder (a clock, say) keeps doing so.
    """

    def __init__(self, parent: UnitOfWorkFactory[U], session: Session) -> None:
        super().__init__(parent.db, parent.record)
        self._parent = parent
        self._session = session

    @contextmanager
    def __call__(self) -> Iterator[U]:
        with self._parent.within(self._session) as uow:
            yield uow

    @contextmanager
    def within(self, session: Session) -> Iterator[U]:
        with self._parent.within(session) as uow:
            yield uow
