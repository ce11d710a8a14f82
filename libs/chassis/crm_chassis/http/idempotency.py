"""Idempotency-Key for POST: a retry with the same key gets the first answer, no second effect.

The key is reserved in its own transaction before the view runs, then completed with the
stored response. A reservation whose request died (no response after ``stale_after``, the
serving timeout plus a margin: crm_chassis.http.timeouts) may be taken over, so a crashed
request does not lock the key for long; a concurrent retry while the first can still be
running gets 409. A request still running renews its reservation every ``renew_every``, so
a slow one is not taken over while it runs.

The request's fingerprint covers method, path, query string and body. An upload (a route
with ``raw_body``) is hashed as it streams: a multipart form by its fields and files' content
(not its boundary, which a client's retry may draw anew), any other body by its bytes, which
are spooled aside so the view still reads them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy.exc import IntegrityError

from crm_chassis import context
from crm_chassis.db import Database, utcnow
from crm_chassis.db.unavailable import database_unavailable
from crm_chassis.errors import Conflict, FieldError, ValidationFailed
from crm_chassis.http.timeouts import IDEMPOTENCY_RENEW_EVERY, IDEMPOTENCY_STALE_AFTER
from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.http.idempotency")

KEPT_HEADERS = ("Location", "ETag", "Content-Type")
CHUNK = 1024 * 1024
SPOOL_IN_MEMORY = 8 * 1024 * 1024


class IdempotencyStore:
    def __init__(
        self, db: Database, table: sa.Table, stale_after: timedelta = IDEMPOTENCY_STALE_AFTER
    ):
        self.db = db
        self.table = table
        self.stale_after = stale_after
        self.renew_every = IDEMPOTENCY_RENEW_EVERY
        self._lock = threading.Lock()
        self._active: dict[object, sa.ColumnElement[bool]] = {}
        self._renewer: threading.Thread | None = None

    @staticmethod
    def _fingerprint(upload: bool, spool: contextlib.ExitStack) -> str:
        digest = hashlib.sha256()
        digest.update(request.method.encode())
        digest.update(request.path.encode())
        if request.query_string:  # only then, so the hashes of keys stored before stay valid
            digest.update(b"?" + request.query_string)
        if upload:
            _digest_upload(digest, spool)
        else:
            digest.update(request.get_data(cache=True))
        return digest.hexdigest()

    def run(self, key: str, handler: Callable[[], Response], upload: bool = False) -> Response:
        """Run ``handler`` once per (key, caller); replay its stored response afterwards.

        ``upload``: the body is an upload (possibly large, possibly multipart); it is hashed
        in chunks rather than read into memory.
        """
        if not key or len(key) > 200:
            raise ValidationFailed(
                "Idempotency-Key must be 1 to 200 characters.",
                errors=[FieldError("Idempotency-Key", "invalid length")],
            )
        with contextlib.ExitStack() as spool:  # an upload's spooled copy lives until answered
            return self._run(key, handler, self._fingerprint(upload, spool))

    def _run(self, key: str, handler: Callable[[], Response], fingerprint: str) -> Response:
        who = context.optional_principal()
        where = sa.and_(
            self.table.c.key == key, self.table.c.principal == (who.subject if who else "anonymous")
        )
        replay = self._reserve(key, where, who.subject if who else "anonymous", fingerprint)
        if replay is not None:
            return replay
        try:
            with self._renewing(where):
                response = handler()
        except Exception:
            self._release(where)
            raise
        if response.status_code >= 500:
            self._release(where)
            return response
        try:
            self._complete(where, response)
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            # The effect is committed; answering 503 now would make the client retry, and a
            # retry after the reservation went stale ran it again (the fault suite saw a
            # lead created twice when PostgreSQL stopped between the two). Answer it.
            log.warning("idempotency.answer_not_recorded", error_type=type(exc).__name__)
        return response

    @contextlib.contextmanager
    def _renewing(self, where: sa.ColumnElement[bool]) -> Iterator[None]:
        """Keep the reservation fresh while the handler runs.

        One renewer thread per process serves every running keyed request (a thread per
        request would put a start and a join on every keyed POST's hot path).
        """
        token = object()
        with self._lock:
            self._active[token] = where
            if self._renewer is None or not self._renewer.is_alive():  # first use, or forked
                self._renewer = threading.Thread(
                    target=self._renew_loop, name="idempotency-renew", daemon=True
                )
                self._renewer.start()
        try:
            yield
        finally:
            with self._lock:
                del self._active[token]

    def _renew_loop(self) -> None:
        t = self.table
        while True:
            time.sleep(self.renew_every.total_seconds())
            with self._lock:
                running = list(self._active.values())
            if not running:
                continue
            try:
                with self.db.transaction() as s:
                    s.execute(
                        t.update()
                        .where(sa.or_(*running), t.c.status.is_(None))
                        .values(created_at=utcnow())
                    )
            except sa.exc.SQLAlchemyError as exc:  # a missed renewal only shortens the margin
                log.warning("idempotency.renew_failed", error_type=type(exc).__name__)

    def _complete(self, where: sa.ColumnElement[bool], response: Response) -> None:
        headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
        with self.db.transaction() as s:
            s.execute(
                self.table.update()
                .where(where)
                .values(
                    status=response.status_code,
                    headers=json.dumps(headers),
                    body=response.get_data(),
                    completed_at=utcnow(),
                )
            )

    def _reserve(
        self, key: str, where: sa.ColumnElement[bool], owner: str, fingerprint: str
    ) -> Response | None:
        """Reserve the key for this request, or return the stored answer of the first one."""
        t = self.table
        now = utcnow()
        try:
            with self.db.transaction() as s:
                row = s.execute(sa.select(t).where(where)).mappings().first()
                if row is None:
                    s.execute(
                        t.insert().values(
                            key=key,
                            principal=owner,
                            method=request.method,
                            path=request.path,
                            request_hash=fingerprint,
                            created_at=now,
                        )
                    )
                elif row["request_hash"] != fingerprint:
                    raise ValidationFailed(
                        "This Idempotency-Key was used for a different request.",
                        errors=[FieldError("Idempotency-Key", "reused with another request")],
                    )
                elif row["status"] is not None:
                    return self._replay(row)
                elif now - row["created_at"] < self.stale_after:
                    raise Conflict("A request with this Idempotency-Key is still in progress.")
                else:
                    s.execute(t.update().where(where).values(created_at=now))
        except IntegrityError:
            raise Conflict("A request with this Idempotency-Key is still in progress.") from None
        return None

    def _release(self, where: sa.ColumnElement[bool]) -> None:
        with self.db.transaction() as s:
            s.execute(self.table.delete().where(where))

    @staticmethod
    def _replay(row: sa.RowMapping) -> Response:
        response = Response(row["body"] or None, status=row["status"])
        for name, value in json.loads(row["headers"] or "{}").items():
            response.headers[name] = value
        response.headers["Idempotent-Replayed"] = "true"
        return response


def _digest_upload(digest: Any, spool: contextlib.ExitStack) -> None:
    """Hash an upload's content in chunks, leaving it readable for the view."""
    digest.update(request.mimetype.encode())
    if request.mimetype == "multipart/form-data":
        # Parsed (werkzeug spools file parts to disk): fields and file contents, in order of
        # name, so a retry with a new boundary is the same request.
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(json.dumps(["field", name, value]).encode())
        for name, file in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            digest.update(json.dumps(["file", name, file.filename]).encode())
            for chunk in iter(lambda f=file: f.stream.read(CHUNK), b""):  # type: ignore[misc]
                digest.update(chunk)
            file.stream.seek(0)
        return
    copy = spool.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY))
    for chunk in iter(lambda: request.stream.read(CHUNK), b""):
        digest.update(chunk)
        copy.write(chunk)
    copy.seek(0)
    # ``stream`` is a cached property: the view (and get_data) read the copy from its start.
    request.stream = copy  # type: ignore[misc]
