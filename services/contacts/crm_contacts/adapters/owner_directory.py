"""Token revocation from the owner directory, cached for a few seconds.

Every authenticated request asks "is this user deactivated?". The answer comes from the
local owners table (fed by identity's events), never from identity itself, and is cached
per user for ``ttl`` seconds so a request costs no query in the common case. A
deactivation therefore takes effect within ``ttl`` seconds of the event being consumed.
While the database is unreachable, a user's last answer stands (a user never read is an
error: the request answers 503).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import owners
from crm_contacts.domain.owners import Owner

MAX_ENTRIES = 10_000


class OwnerRevocations:
    """``TokenVerifier(is_revoked=...)``: refuse tokens of deactivated users."""

    def __init__(
        self, db: Database, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.db = db
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[UUID, tuple[float, Owner | None]] = {}
        self._lock = threading.Lock()

    def __call__(self, principal: Principal) -> bool:
        if principal.kind != "user":
            return False
        try:
            user_id = UUID(principal.subject)
        except ValueError:
            return False
        owner = self._lookup(user_id)
        if owner is None:
            # Not (yet) in the directory: identity's created event may still be on its way.
            return False
        iat = principal.claims.get("iat")
        issued_at = datetime.fromtimestamp(iat, UTC) if isinstance(iat, (int, float)) else None
        return owner.refuses_token(issued_at)

    def _lookup(self, user_id: UUID) -> Owner | None:
        now = self.clock()
        with self._lock:
            hit = self._cache.get(user_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        try:
            with self.db.reading() as session:
                row = session.execute(sa.select(owners).where(owners.c.id == user_id)).first()
        except sa.exc.SQLAlchemyError:
            if hit is None:
                raise  # nothing known of this user: no answer (503), never an open door
            # The database is away: keep deciding with what we last read (as the policy
            # copy does), so a known caller still gets its 4xx or its answer, not a 503.
            return hit[1]
        owner = None if row is None else rows.owner_from_row(row)
        with self._lock:
            if len(self._cache) >= MAX_ENTRIES:
                self._cache.clear()
            self._cache[user_id] = (now + self.ttl, owner)
        return owner
